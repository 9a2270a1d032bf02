/**
 * GFM autolink literals as remark reads them (mdast-util-gfm-autolink-literal
 * 2.x, `transformGfmAutolinkLiterals`): after parsing, every text node is
 * searched for `http(s)://…` and `www.…` URLs, `mailto:` and `xmpp:`
 * addresses and e-mail addresses, which become links, whatever escapes the
 * source had. So remark writes them as links, and so must the default
 * template's output: these are the links a text holds, found the same way.
 */

export type TextPart = { kind: 'text'; value: string } | { kind: 'link'; url: string; text: string };

type Finder = (match: RegExpExecArray) => TextPart[] | false;

interface Pass {
  expression: RegExp;
  find: Finder;
  /** A quick test: text it fails holds nothing this pass finds. */
  maybe: RegExp;
}

/** Quick test: text that fails it holds no link of any kind (each needs `@`, `://` or `www.` in any case). */
const mayHoldLink = (value: string): boolean => {
  if (value.includes('@') || value.includes('://')) return true;
  for (let dot = value.indexOf('.', 3); dot >= 0; dot = value.indexOf('.', dot + 1)) {
    // `w` or `W` three times (`| 32` lowercases an ASCII letter).
    if ((value.charCodeAt(dot - 1) | 32) === 119 && (value.charCodeAt(dot - 2) | 32) === 119 && (value.charCodeAt(dot - 3) | 32) === 119) return true;
  }
  return false;
};

/**
 * The text split into text and the links remark finds in it, settled: remark's parse of the written result
 * finds no further link in any text part. A text part is a text node of its own when read back, and is
 * searched again on its own (a part that starts right after a link may start a link now), and a `www.` left
 * as text gets its zero-width space (unlinkWww) first.
 */
export const textParts = (value: string): TextPart[] => {
  const parts = findLinks(value);
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only?.kind === 'text' && only.value === value) {
    // Nothing found in the whole text: settled, unless a `www.` needs its zero-width space.
    const text = unlinkWww(value);
    return text === value ? parts : textParts(text);
  }
  return parts.flatMap((part) => (part.kind === 'link' ? [part] : textParts(part.value)));
};

/**
 * A `www.` that GFM does not take for a link (`www.__`) is written `www.\_\_` by remark, which micromark then
 * reads as a link after all (its tokenizer sees the backslashes, not the underscores): no text holding it is
 * ever written back unchanged. A zero-width space between `www` and the dot keeps it text, looking the same.
 */
const unlinkWww = (value: string): string => (/www\./i.test(value) ? value.replace(/(www)(?=\.)/gi, '$1\u200b') : value);

/** One search for links, as mdast-util-find-and-replace does it: pass by pass, each over the text left. */
const findLinks = (value: string): TextPart[] => {
  let parts: TextPart[] = [{ kind: 'text', value }];
  if (!mayHoldLink(value)) return parts;
  for (const pass of PASSES) {
    const next: TextPart[] = [];
    for (const part of parts) {
      if (part.kind === 'text' && pass.maybe.test(part.value)) replaceIn(part.value, pass, next);
      else next.push(part);
    }
    parts = next;
  }
  return parts;
};

/** Adds a part, joining text to text (empty text is left out). */
const add = (nodes: TextPart[], part: TextPart): void => {
  const last = nodes[nodes.length - 1];
  if (last?.kind === 'text' && part.kind === 'text') last.value += part.value;
  else if (part.kind === 'link' || part.value !== '') nodes.push(part);
};

/** The parts of `value` after one pass, appended to `nodes`. */
const replaceIn = (value: string, { expression, find }: Pass, nodes: TextPart[]): void => {
  let start = 0;
  expression.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = expression.exec(value)) !== null) {
    const position = match.index;
    const found = find(match);
    if (found === false) {
      // Not a match after all: search again from the next character.
      expression.lastIndex = position + 1;
    } else {
      if (start !== position) add(nodes, { kind: 'text', value: value.slice(start, position) });
      for (const part of found) add(nodes, part);
      start = position + match[0].length;
    }
  }
  if (start < value.length) add(nodes, { kind: 'text', value: value.slice(start) });
};

const findUrl = (match: RegExpExecArray): TextPart[] | false => {
  if (!previousAllows(match)) return false;
  let [, protocol = '', domain = '', path = ''] = match;
  let prefix = '';
  if (/^w/i.test(protocol)) {
    domain = protocol + domain;
    protocol = '';
    prefix = 'http://';
  }
  if (/\p{P}|\p{S}/u.test(domain.charAt(0)) || !isCorrectDomain(domain)) return false;
  const [url, trail] = splitUrl(domain + path);
  const link: TextPart = { kind: 'link', url: prefix + protocol + url, text: protocol + url };
  return trail === undefined || trail === '' ? [link] : [link, { kind: 'text', value: trail }];
};

const findEmail = (match: RegExpExecArray): TextPart[] | false => {
  const [, atext = '', label = ''] = match;
  if (/[\d\-_]$/.test(label)) return false;
  // remark writes it `<a@b.c>`, which CommonMark reads as a link only for a valid domain (no `_`, no label
  // starting or ending with `-`): otherwise it would come back as text in angle brackets, with a link inside.
  // A zero-width space after the `@` keeps it text, looking the same.
  if (!AUTOLINK_DOMAIN.test(label)) return [{ kind: 'text', value: `${atext}@\u200b${label}` }];
  return [{ kind: 'link', url: `mailto:${atext}@${label}`, text: `${atext}@${label}` }];
};

/** The domain of a CommonMark e-mail autolink: labels of letters, digits and inner `-`, at most 63 long. */
const AUTOLINK_DOMAIN = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

const findMailto = (match: RegExpExecArray): TextPart[] | false => {
  const [, atext = '', label = ''] = match;
  if (/[\d\-_]$/.test(label)) return false;
  const value = `mailto:${atext}@${label}`;
  return [{ kind: 'link', url: value, text: value }];
};

const findXmpp = (match: RegExpExecArray): TextPart[] | false => {
  const [whole, atext = '', label = '', resource] = match;
  if (/[\d\-_]$/.test(label) || (resource !== undefined && resource !== '' && (!/[A-Za-z]$/.test(resource) || match.input.charAt(match.index + whole.length) === '@'))) {
    return false;
  }
  const value = `xmpp:${atext}@${label}${resource ?? ''}`;
  return [{ kind: 'link', url: value, text: value }];
};

/** The character before a URL: none, whitespace or punctuation (micromark's classes, on one UTF-16 unit). */
const previousAllows = (match: RegExpExecArray): boolean => {
  if (match.index === 0) return true;
  const character = match.input.charAt(match.index - 1);
  return /\s/.test(character) || /\p{P}|\p{S}/u.test(character);
};

const isCorrectDomain = (domain: string): boolean => {
  const parts = domain.split('.');
  const bad = (part: string | undefined): boolean => part !== undefined && part !== '' && (/_/.test(part) || !/[\dA-Za-z]/.test(part));
  return !(parts.length < 2 || bad(parts[parts.length - 1]) || bad(parts[parts.length - 2]));
};

/** Trailing punctuation is not part of a URL, except closing parentheses that balance opening ones in it. */
const splitUrl = (whole: string): [string, string | undefined] => {
  let index = whole.length;
  while (index > 0 && '!"&\'),.:;<>?]}'.includes(whole.charAt(index - 1))) index -= 1;
  if (index === whole.length) return [whole, undefined];
  let url = whole.slice(0, index);
  let trail = whole.slice(index);
  let closing = trail.indexOf(')');
  const opening = count(url, '(');
  let closed = count(url, ')');
  while (closing !== -1 && opening > closed) {
    url += trail.slice(0, closing + 1);
    trail = trail.slice(closing + 1);
    closing = trail.indexOf(')');
    closed += 1;
  }
  return [url, trail];
};

const count = (value: string, character: string): number => value.split(character).length - 1;

const PASSES: readonly Pass[] = [
  { expression: /(?<![\da-z])(https?:\/\/|www(?=\.))([\w-]*\.[\w\-.]*)([^\t\n\r ]*)/gi, find: findUrl, maybe: /https?:\/\/|www\./i },
  { expression: /(?<![\w+\-.@])xmpp:([\w+\-.]+)@([\w-]+(?:\.[\w-]+)+)(\/(?:[\w\-/]|\.(?=[\dA-Za-z]))*)?/g, find: findXmpp, maybe: /xmpp:/ },
  { expression: /(?<![\w+\-.@])mailto:([\w+\-.]+)@([\w-]+(?:\.[\w-]+)+)/g, find: findMailto, maybe: /mailto:/ },
  { expression: /(?<![\w+\-.]|(?:^|[^\d@A-Za-z])(?:mailto|xmpp):)([\w+\-.]+)@([\w-]+(?:\.[\w-]+)+)/g, find: findEmail, maybe: /@/ },
];
