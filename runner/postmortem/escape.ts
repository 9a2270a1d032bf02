/**
 * Escaping for text from outside gameday's control (alert summaries,
 * responder notes, service and alert names, experiment descriptions, error
 * messages) wherever it may land, for a team's own template (whose output
 * remark then formats; the default template's is escaped in place by
 * finish.ts): after it, the text is one line of literal Markdown text that
 * cannot start a block, open emphasis, code, a link, an image, a table cell,
 * raw HTML, a comment or front matter.
 *
 * - Line breaks (and every other control character) become one space, so no
 *   `---`, `#`, `>` or list marker can start a line of its own.
 * - `&`, `<` and `>` become character references: no raw HTML, no comments
 *   (such as a forged `<!-- gameday:end -->` marker), no autolinks in `<…>`.
 * - ASCII punctuation that Markdown or GFM gives a meaning to is escaped with
 *   a backslash: `\` `` ` `` `*` `_` `[` `]` `|` `~` `!` `#`, and `-`, `+`,
 *   `=`, digits' `.` and `)` at the start (where they would make a list,
 *   heading underline or thematic break).
 *
 * Bare URLs stay as text; GFM (and GitHub) show them as links to themselves,
 * which cannot disguise where they lead.
 */
export const escapeMarkdown = (value: unknown): string => {
  const text = oneLine(value);
  let out = text.replace(/[\\`*_[\]|~!#&<>]/g, (c) => ESCAPES[c] ?? c);
  // At the start, these would open a list, a heading underline or a thematic break.
  out = out.replace(/^([-+=])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
  return out;
};

/**
 * Text from outside, as a view holds it: one line (oneLine), between two
 * marker characters that no such text can contain (control characters are
 * collapsed), so the Markdown around it can be told from it after rendering.
 * The default template's output is finished by finish.ts, which escapes each
 * piece exactly as remark would in its place; any other template's output has
 * each piece escaped with escapeMarkdown (resolveOutsideText) and is then
 * formatted by remark. Empty text stays empty (so `{{#if}}` sees nothing).
 */
export const outsideText = (value: unknown): string => {
  const text = oneLine(value);
  return text === '' ? '' : `${OPEN}${text}${CLOSE}`;
};

/** The marker characters around text from outside (shift out, shift in). */
export const OPEN = '\u000e';
export const CLOSE = '\u000f';

/** Every piece of outside text (outsideText) escaped with escapeMarkdown: Markdown that remark may then format. */
export const resolveOutsideText = (text: string): string =>
  text.replace(/\u000e([^\u000e\u000f]*)\u000f/g, (_, inner: string) => escapeMarkdown(inner));

/** The text with control characters (line breaks included) collapsed to single spaces and trimmed. */
export const oneLine = (value: unknown): string =>
  String(value ?? '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();

const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '`': '\\`',
  '*': '\\*',
  _: '\\_',
  '[': '\\[',
  ']': '\\]',
  '|': '\\|',
  '~': '\\~',
  '!': '\\!',
  '#': '\\#',
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
};
