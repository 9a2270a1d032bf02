/**
 * The one escaping helper for text from outside gameday's control (alert
 * summaries, responder notes, service and alert names, experiment
 * descriptions, error messages): after it, the text is one line of literal
 * Markdown text that cannot start a block, open emphasis, code, a link, an
 * image, a table cell, raw HTML, a comment or front matter.
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
