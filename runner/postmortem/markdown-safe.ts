/**
 * The escaping remark applies when it writes a text node back
 * (mdast-util-to-markdown's `safe()`, with the patterns of GFM and YAML front
 * matter), for the places a generated postmortem puts text: paragraphs, list
 * items, block quotes, ATX headings and table cells, inside or outside strong.
 * The default template writes text through this, so its output is what remark
 * would write, byte for byte, and needs no formatting pass (finish.ts; the
 * golden and synthetic tests check `formatMarkdown(text) === text`).
 *
 * Follows mdast-util-to-markdown 2.2.3 (lib/util/safe.js, lib/unsafe.js) and
 * mdast-util-gfm-* 2.x. Links, code and the other constructs that change the
 * patterns are never around generated text, so only `phrasing`, `tableCell`
 * and `headingAtx` are modelled.
 */

/** The constructs around a piece of text, as mdast-util-to-markdown's `state.stack` names them (those that matter here). */
export type Construct = 'phrasing' | 'tableCell' | 'headingAtx' | 'link' | 'label' | 'destinationRaw' | 'autolink';

export interface SafeContext {
  /** The character(s) before the text: `\n` at the start of a block, `|` in a table cell, `**` inside strong. */
  before: string;
  /** The character(s) after it. */
  after: string;
  stack: readonly Construct[];
}

interface Pattern {
  character: string;
  atBreak?: boolean;
  before?: string;
  after?: string;
  inConstruct?: readonly string[];
  notInConstruct?: readonly string[];
}

/** Constructs in which attention, links and the like cannot form (unsafe.js `fullPhrasingSpans`). */
const SPANS = ['autolink', 'destinationLiteral', 'destinationRaw', 'reference', 'titleQuote', 'titleApostrophe'];
const PHRASING = ['phrasing'];
const TITLES_AND_FENCES = ['codeFencedLangGraveAccent', 'codeFencedLangTilde', 'codeFencedMetaGraveAccent', 'codeFencedMetaTilde'];

/**
 * mdast-util-to-markdown's list (unsafe.js), then those of GFM autolink literals, footnotes, strikethrough and
 * tables, and of YAML front matter (its `---` fence). Patterns for line endings and for constructs generated
 * text is never in (code, titles, destinations in `<…>`) are left out: text here is one line.
 */
const PATTERNS: readonly Pattern[] = [
  { character: ' ', after: '[\\r\\n]', inConstruct: PHRASING },
  { character: ' ', before: '[\\r\\n]', inConstruct: PHRASING },
  { character: '!', after: '\\[', inConstruct: PHRASING, notInConstruct: SPANS },
  { atBreak: true, character: '#' },
  { character: '#', inConstruct: ['headingAtx'], after: '(?:[\r\n]|$)' },
  { character: '&', after: '[#A-Za-z]', inConstruct: [...TITLES_AND_FENCES, 'destinationLiteral', 'destinationRaw', 'phrasing', 'titleApostrophe', 'titleQuote'] },
  { character: '(', inConstruct: ['destinationRaw'] },
  { before: '\\]', character: '(', inConstruct: PHRASING, notInConstruct: SPANS },
  { atBreak: true, before: '\\d+', character: ')' },
  { character: ')', inConstruct: ['destinationRaw'] },
  { atBreak: true, character: '*', after: '(?:[ \t\r\n*])' },
  { character: '*', inConstruct: PHRASING, notInConstruct: SPANS },
  { atBreak: true, character: '+', after: '(?:[ \t\r\n])' },
  { atBreak: true, character: '-', after: '(?:[ \t\r\n-])' },
  { atBreak: true, before: '\\d+', character: '.', after: '(?:[ \t\r\n]|$)' },
  { atBreak: true, character: '<', after: '[!/?A-Za-z]' },
  { character: '<', after: '[!/?A-Za-z]', inConstruct: PHRASING, notInConstruct: SPANS },
  { atBreak: true, character: '=' },
  { atBreak: true, character: '>' },
  { atBreak: true, character: '[' },
  { character: '[', inConstruct: PHRASING, notInConstruct: SPANS },
  { character: '[', inConstruct: ['label', 'reference'] },
  { character: '\\', after: '[\\r\\n]', inConstruct: PHRASING },
  { character: ']', inConstruct: ['label', 'reference'] },
  { atBreak: true, character: '_' },
  { character: '_', inConstruct: PHRASING, notInConstruct: SPANS },
  { atBreak: true, character: '`' },
  { character: '`', inConstruct: PHRASING, notInConstruct: SPANS },
  { atBreak: true, character: '~' },
  { character: '<', inConstruct: ['autolink'] },
  { character: '>', inConstruct: ['autolink'] },
  { character: '\u007F', inConstruct: ['autolink'] },
  { character: ' ', inConstruct: ['autolink'] },
  // GFM autolink literals: text that micromark would read as a link.
  { character: '@', before: '[+\\-.\\w]', after: '[\\-.\\w]', inConstruct: PHRASING, notInConstruct: ['autolink', 'link', 'image', 'label'] },
  { character: '.', before: '[Ww]', after: '[\\-.\\w]', inConstruct: PHRASING, notInConstruct: ['autolink', 'link', 'image', 'label'] },
  { character: ':', before: '[ps]', after: '\\/', inConstruct: PHRASING, notInConstruct: ['autolink', 'link', 'image', 'label'] },
  // GFM footnotes and strikethrough.
  { character: '[', inConstruct: ['label', 'phrasing', 'reference'] },
  { character: '~', inConstruct: PHRASING, notInConstruct: SPANS },
  // GFM tables.
  { atBreak: true, character: '|', after: '[\t :-]' },
  { character: '|', inConstruct: ['tableCell'] },
  { atBreak: true, character: ':', after: '-' },
  { atBreak: true, character: '-', after: '[:|-]' },
  // YAML front matter's fence.
  { atBreak: true, character: '-', after: '\\-' },
];

/** Each pattern compiled as mdast-util-to-markdown compiles it (compile-pattern.js). */
const COMPILED = PATTERNS.map((pattern) => {
  const before = (pattern.atBreak === true ? '[\\r\\n][\\t ]*' : '') + (pattern.before === undefined ? '' : `(?:${pattern.before})`);
  const character = /[$()*+.?[\\\]^{|}]/.test(pattern.character) ? `\\${pattern.character}` : pattern.character;
  return {
    pattern,
    hasBefore: before !== '',
    hasAfter: pattern.after !== undefined,
    expression: new RegExp(`${before === '' ? '' : `(${before})`}${character}${pattern.after === undefined ? '' : `(?:${pattern.after})`}`, 'g'),
  };
});

/** pattern-in-scope.js: in one of `inConstruct` (any, when it names none) and in none of `notInConstruct`. */
const inScope = (pattern: Pattern, stack: readonly string[]): boolean =>
  (pattern.inConstruct === undefined || pattern.inConstruct.some((c) => stack.includes(c))) &&
  !(pattern.notInConstruct ?? []).some((c) => stack.includes(c));

/** Characters some pattern is about (a space too, but only next to a line ending: see `plain`). */
const SPECIAL = new Uint8Array(128);
for (const character of '!#&()*+-.<=>[]\\_`~@:|\u007f') SPECIAL[character.charCodeAt(0)] = 1;

/** Text no pattern applies to, written as it is: none of SPECIAL's characters, no space at either end. */
const plain = (input: string): boolean => {
  if (input.charCodeAt(0) === 32 || input.charCodeAt(input.length - 1) === 32) return false;
  for (let index = 0; index < input.length; index += 1) {
    const code = input.charCodeAt(index);
    if (code < 128 && SPECIAL[code] === 1) return false;
  }
  return true;
};

/**
 * The patterns that apply in each stack, computed once per stack; `atBreak` patterns apart, as they can only
 * match after a line ending, so only text at the start of a block (after `\n`) needs them.
 */
const scoped = new Map<string, { all: typeof COMPILED; inline: typeof COMPILED }>();
const byStack = new WeakMap<readonly Construct[], { all: typeof COMPILED; inline: typeof COMPILED }>();
const patternsFor = (stack: readonly Construct[], atBreak: boolean): typeof COMPILED => {
  let lists = byStack.get(stack);
  if (lists === undefined) {
    const key = stack.join(' ');
    lists = scoped.get(key);
    if (lists === undefined) {
      const all = COMPILED.filter(({ pattern }) => inScope(pattern, stack));
      lists = { all, inline: all.filter(({ pattern }) => pattern.atBreak !== true) };
      scoped.set(key, lists);
    }
    byStack.set(stack, lists);
  }
  return atBreak ? lists.all : lists.inline;
};

/** The text as remark writes it in `context` (safe.js): escaped where Markdown would read a construct, nowhere else. */
export const safeText = (input: string, context: SafeContext): string => {
  const percentEncode = context.stack.includes('autolink');
  if (!percentEncode && plain(input)) return input;
  // The space patterns are about a space next to a line ending: only at either end of one-line text.
  const spaces = percentEncode || input.charCodeAt(0) === 32 || input.charCodeAt(input.length - 1) === 32;
  const value = context.before + input + context.after;
  const positions: number[] = [];
  const infos = new Map<number, { before: boolean; after: boolean }>();
  const offset = context.before.length;
  const end = value.length - context.after.length;

  // Text is one line: a line ending can only come before it.
  const last = context.before.charAt(context.before.length - 1);
  const atBreak = last === '\n' || last === '\r' || ((last === ' ' || last === '\t') && /[\r\n][\t ]*$/.test(context.before));
  for (const { pattern, expression, hasBefore, hasAfter } of patternsFor(context.stack, atBreak)) {
    // A match only counts at its character in the text (the characters around it are never escaped).
    if (!input.includes(pattern.character) || (pattern.character === ' ' && !spaces)) continue;
    expression.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = expression.exec(value)) !== null) {
      const position = match.index + (hasBefore ? (match[1] ?? '').length : 0);
      const info = infos.get(position);
      if (info === undefined) {
        positions.push(position);
        infos.set(position, { before: hasBefore, after: hasAfter });
      } else {
        if (info.before && !hasBefore) info.before = false;
        if (info.after && !hasAfter) info.after = false;
      }
    }
  }
  if (positions.length === 0 && !input.includes('\\')) return input;
  positions.sort((a, b) => a - b);

  const result: string[] = [];
  let start = offset;
  for (let index = 0; index < positions.length; index += 1) {
    const position = positions[index] as number;
    if (position < start || position >= end) continue;
    const info = infos.get(position) as { before: boolean; after: boolean };

    // Intraword underscores (`a_b`, `a__b`) cannot form emphasis, so they stay as they are.
    if (value.charAt(position) === '_' && position > 0 && kind(value.charCodeAt(position - 1)) === 'other' && !infos.has(position - 1) && !(position - 1 === offset && /[*_]/.test(value.charAt(offset - 1)))) {
      let sequenceEnd = position + 1;
      while (sequenceEnd < end && value.charAt(sequenceEnd) === '_') sequenceEnd += 1;
      const skip = sequenceEnd - position - 1;
      if (
        positions[index + skip] === sequenceEnd - 1 &&
        sequenceEnd < value.length &&
        kind(value.charCodeAt(sequenceEnd)) === 'other' &&
        !infos.has(sequenceEnd) &&
        !(sequenceEnd === end - 1 && /[*_]/.test(value.charAt(end)))
      ) {
        index += skip;
        continue;
      }
    }

    // Unsafe only because of the next (or previous) character, which is escaped anyway: leave this one.
    const next = infos.get(position + 1);
    const previous = infos.get(position - 1);
    if (
      (position + 1 < end && positions[index + 1] === position + 1 && info.after && next !== undefined && !next.before && !next.after) ||
      (position - 1 >= offset && positions[index - 1] === position - 1 && info.before && previous !== undefined && !previous.before && !previous.after)
    ) {
      continue;
    }

    if (start !== position) {
      const slice = value.slice(start, position);
      result.push(percentEncode ? slice : escapeBackslashes(slice, '\\'));
    }
    start = position + 1;
    const character = value.charAt(position);
    if (percentEncode) result.push(`%${value.charCodeAt(position).toString(16).toUpperCase().padStart(2, '0')}`);
    else if (/[!-/:-@[-`{-~]/.test(character)) result.push(`\\${character}`);
    else result.push(`&#x${value.charCodeAt(position).toString(16).toUpperCase()};`);
  }
  const rest = value.slice(start, end);
  result.push(percentEncode ? rest : escapeBackslashes(rest, context.after));
  return result.join('');
};

/** A backslash before ASCII punctuation (in the text, or the first character after it) is doubled. */
const escapeBackslashes = (value: string, after: string): string => {
  if (!value.includes('\\')) return value;
  const whole = value + after;
  let out = '';
  let start = 0;
  for (const match of whole.matchAll(/\\(?=[!-/:-@[-`{-~])/g)) {
    out += `${value.slice(start, match.index)}\\`;
    start = match.index;
  }
  return out + value.slice(start);
};

/**
 * micromark's classification of one UTF-16 code unit (as `charCodeAt` gives it): whitespace (space, line
 * endings, Unicode whitespace), punctuation (Unicode P and S), or other (letters, digits, lone surrogates).
 */
export const kind = (code: number): 'whitespace' | 'punctuation' | 'other' => {
  if (Number.isNaN(code)) return 'other';
  const character = String.fromCharCode(code);
  if (code === 32 || /\s/.test(character)) return 'whitespace';
  return /\p{P}|\p{S}/u.test(character) ? 'punctuation' : 'other';
};
