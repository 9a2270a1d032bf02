import { CLOSE, OPEN } from './escape.ts';
import { textParts, type TextPart } from './markdown-links.ts';
import { safeText, type Construct } from './markdown-safe.ts';

/**
 * One line of phrasing content as the default template renders it, written
 * as remark writes it. The template's own text is Markdown with one
 * construct, `**strong**`; text from outside sits between the OPEN and CLOSE
 * markers (escape.ts) and is only text. Each text node (the template's text
 * and outside text together, as remark reads them) is split into text and
 * the links GFM finds in it (markdown-links.ts: URLs, e-mail addresses), and
 * each is written as remark writes it, escaped by safeText with the
 * characters around it.
 */

type Inline = { kind: 'text'; value: string } | { kind: 'strong'; children: Inline[] };

/** Where the line is: a paragraph, list item or quote (`flow`), an ATX heading, or a table cell. */
export type InlinePlace = 'flow' | 'heading' | 'cell';

interface Place {
  before: string;
  after: string;
  stack: readonly Construct[];
}

const PLACES: Record<InlinePlace, Place> = {
  flow: { before: '\n', after: '\n', stack: ['phrasing'] },
  heading: { before: '# ', after: '\n', stack: ['headingAtx', 'phrasing'] },
  cell: { before: '|', after: '|', stack: ['tableCell', 'phrasing'] },
};

/** The stacks inside a link in each place (made once: safeText caches its patterns per stack). */
const LINK_STACKS = new Map(
  Object.values(PLACES).map(({ stack }) => [
    stack,
    {
      autolink: [...stack.filter((c) => c !== 'phrasing'), 'autolink'] as readonly Construct[],
      label: [...stack, 'link', 'label'] as readonly Construct[],
      destination: [...stack, 'link', 'destinationRaw'] as readonly Construct[],
    },
  ]),
);

/** The line's phrasing content, escaped and laid out as remark writes it in `place`. */
export const finishInline = (line: string, place: InlinePlace): string => {
  const { before, after, stack } = PLACES[place];
  // Most lines have no strong: one text node.
  if (!line.includes('**')) return serializeText(textOf(line), stack, before, after);
  return serialize(parse(line), stack, before, after);
};

/** The text of a piece without strong: outside text's markers dropped. */
const textOf = (piece: string): string => (piece.includes(OPEN) ? piece.replace(MARKERS, '') : piece);
const MARKERS = /[\u000e\u000f]/g;

/**
 * The line as text and strong nodes: `**` outside outside text opens or closes strong; `****` (an empty
 * strong) and a `**` that never closes are text, as Markdown reads them.
 */
const parse = (line: string): Inline[] => {
  const root: Inline[] = [];
  let strong: Inline[] | null = null;
  let text = '';
  let at = 0;
  while (at < line.length) {
    const open = line.indexOf(OPEN, at);
    const marker = line.indexOf('**', at);
    if (marker < 0 || (open >= 0 && open < marker)) {
      if (open < 0) {
        text += line.slice(at);
        break;
      }
      // Outside text, up to its end: its `**` are text.
      const close = line.indexOf(CLOSE, open + 1);
      const end = close < 0 ? line.length : close;
      text += line.slice(at, open) + line.slice(open + 1, end);
      at = end + 1;
      continue;
    }
    text += line.slice(at, marker);
    at = marker + 2;
    if (strong === null) {
      if (text !== '') root.push({ kind: 'text', value: text });
      text = '';
      strong = [];
    } else if (text === '') {
      // `****`: text, joined to the text before it.
      text = '****';
      strong = null;
      const last = root[root.length - 1];
      if (last?.kind === 'text') {
        root.pop();
        text = last.value + text;
      }
    } else {
      strong.push({ kind: 'text', value: text });
      root.push({ kind: 'strong', children: strong });
      text = '';
      strong = null;
    }
  }
  if (strong !== null) {
    // Never closed: `**` and what followed are text.
    const last = root[root.length - 1];
    const head = last?.kind === 'text' ? (root.pop(), last.value) : '';
    text = `${head}**${text}`;
  }
  if (text !== '') {
    const last = root[root.length - 1];
    if (last?.kind === 'text') last.value += text;
    else root.push({ kind: 'text', value: text });
  }
  return root;
};

/**
 * mdast-util-to-markdown's containerPhrasing for text, links and strong, where strong always forms: the default
 * template puts `**` only next to spaces, punctuation and line ends, around text that does not start or end
 * with a space, so remark neither picks other markers nor encodes characters next to them.
 */
const serialize = (items: readonly Inline[], stack: readonly Construct[], before: string, after: string): string => {
  let out = '';
  let previous = before;
  for (let index = 0; index < items.length; index += 1) {
    const item = items[index] as Inline;
    const next = items[index + 1];
    const value =
      item.kind === 'strong'
        ? `**${serialize(item.children, stack, '**', '**')}**`
        : serializeText(item.value, stack, previous, next === undefined ? after : '*');
    out += value;
    previous = value.charAt(value.length - 1);
  }
  return out;
};

/** One text node: its text and the links in it, each written with the character before and after it. */
const serializeText = (value: string, stack: readonly Construct[], before: string, after: string): string => {
  const parts = textParts(value);
  if (parts.length === 1 && parts[0]?.kind === 'text') return safeText(parts[0].value, { before, after, stack });
  let out = '';
  let previous = before;
  for (let index = 0; index < parts.length; index += 1) {
    const part = parts[index] as TextPart;
    const next = parts[index + 1];
    const written = part.kind === 'text' ? safeText(part.value, { before: previous, after: next === undefined ? after : peek(next), stack }) : link(part, stack);
    out += written;
    previous = written.charAt(written.length - 1);
  }
  return out;
};

/** The first character remark writes for a link (its handler's `peek`); the parts alternate, so a text is never next. */
const peek = (part: TextPart): string => (part.kind === 'link' ? (isAutolink(part) ? '<' : '[') : '');

/** format-link-as-autolink.js: the text is the URL (or the address of a `mailto:` URL), which has a scheme and no space, `<`, `>`. */
const isAutolink = ({ url, text }: { url: string; text: string }): boolean =>
  (text === url || `mailto:${text}` === url) && /^[a-z][+\-.a-z]+:/i.test(url) && !/[\0- <>\u007F]/.test(url);

/** handle/link.js: `<url>` when it can, else `[text](url)` (a literal `www.` link's URL gains `http://`). */
const link = (part: { url: string; text: string }, stack: readonly Construct[]): string => {
  const stacks = LINK_STACKS.get(stack);
  if (stacks === undefined) throw new Error('gameday bug: a link in an unknown place');
  if (isAutolink(part)) return `<${safeText(part.text, { before: '<', after: '>', stack: stacks.autolink })}>`;
  const label = safeText(part.text, { before: '[', after: '](', stack: stacks.label });
  const destination = safeText(part.url, { before: '](', after: ')', stack: stacks.destination });
  return `[${label}](${destination})`;
};
