import { finishInline } from './markdown-inline.ts';
import { finishTable } from './markdown-table.ts';

/**
 * The default template's output made into exactly what remark (GFM, front
 * matter; markdown.ts) writes for it, without parsing it: front matter as it
 * is, runs of blank lines made one, no blank lines at either end, no
 * trailing spaces, tables padded, and every piece of text escaped as remark
 * escapes it in its place, its URLs and e-mail addresses written as the
 * links GFM makes of them (markdown-inline.ts, markdown-safe.ts,
 * markdown-links.ts). This is what lets a postmortem skip remark's
 * formatting pass, which took nine tenths of the time.
 *
 * It knows the Markdown the default template writes, one block per line:
 * `#` headings, paragraphs, `>` quotes, `-` list items (task items
 * included, nested by indenting, empty ones too), `|` tables and
 * `<!-- … -->` comments, with `**strong**` inside, and a blank line wherever
 * remark puts one between blocks (it adds none). A team's own template may
 * write anything, so its output is formatted by remark instead (render.ts).
 * The tests hold the guarantee: `formatMarkdown(text) === text` for the
 * golden runs and for seeded runs full of hostile text.
 */
export const finishMarkdown = (raw: string): string => {
  const { frontMatter, body } = splitFrontMatter(raw);
  const lines = body.split('\n');
  for (let index = 0; index < lines.length; index += 1) lines[index] = trimEnd(lines[index] as string);
  const out: string[] = [];
  const blank = (): void => {
    if (out.length > 0 && out[out.length - 1] !== '') out.push('');
  };
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] as string;
    if (line === '') {
      blank();
      continue;
    }
    if (line.startsWith('|')) {
      let end = index + 1;
      while (end < lines.length && (lines[end] as string).startsWith('|')) end += 1;
      const table = finishTable(lines.slice(index, end));
      if (table !== null) {
        out.push(...table);
        index = end - 1;
        continue;
      }
    }
    out.push(finishLine(line));
  }
  while (out[out.length - 1] === '') out.pop();
  const text = `${out.join('\n')}\n`;
  if (frontMatter === null) return text;
  return out.length === 0 ? `---\n${frontMatter}\n---\n` : `---\n${frontMatter}\n---\n\n${text}`;
};

/** Without trailing spaces and tabs (a paragraph's end; remark drops them). */
const trimEnd = (line: string): string => {
  const last = line.charAt(line.length - 1);
  return last === ' ' || last === '\t' ? line.replace(/[ \t]+$/, '') : line;
};

const HEADING = /^(#{1,6})[ \t]+(.*)$/;
const COMMENT = /^<!--.*-->$/;
const QUOTE = /^>[ \t]?(.*)$/;
const ITEM = /^( *)[-*+][ \t]+(\[[ xX]\][ \t]+)?(.*)$/;
/** A list item with nothing in it (an empty name): remark writes the bullet alone. */
const EMPTY_ITEM = /^( *)[-*+]$/;

const finishLine = (line: string): string => {
  // By its first character: most lines are paragraphs, and need no block pattern tried.
  switch (line.charAt(0)) {
    case '<':
      if (COMMENT.test(line)) return line;
      break;
    case '#': {
      const heading = HEADING.exec(line);
      if (heading !== null) return `${heading[1]} ${finishInline((heading[2] ?? '').trim(), 'heading')}`;
      break;
    }
    case '>':
      return `> ${finishInline(QUOTE.exec(line)?.[1] ?? '', 'flow')}`;
    case ' ':
    case '-':
    case '*':
    case '+': {
      const empty = EMPTY_ITEM.exec(line);
      if (empty !== null) return `${empty[1] ?? ''}-`;
      const item = ITEM.exec(line);
      if (item === null) break;
      const [, indent = '', check, content = ''] = item;
      const box = check === undefined ? '' : /[xX]/.test(check) ? '[x] ' : '[ ] ';
      return `${indent}- ${box}${finishInline(content, 'flow')}`;
    }
  }
  return finishInline(line, 'flow');
};

/** The YAML between the leading `---` fences (kept byte for byte, as remark keeps it), and the rest. */
const splitFrontMatter = (raw: string): { frontMatter: string | null; body: string } => {
  if (!raw.startsWith('---\n')) return { frontMatter: null, body: raw };
  const close = raw.indexOf('\n---\n', 3);
  if (close < 0) return { frontMatter: null, body: raw };
  return { frontMatter: raw.slice(4, close), body: raw.slice(close + 5) };
};
