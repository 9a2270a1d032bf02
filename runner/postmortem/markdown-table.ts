import { CLOSE, OPEN } from './escape.ts';
import { finishInline } from './markdown-inline.ts';

/**
 * A GFM table as the default template writes it (`| a | b |` rows, the
 * second one the delimiter row), laid out as remark writes it
 * (mdast-util-gfm-table with markdown-table's defaults): every cell escaped
 * for a cell, padded to its column's widest cell (`String#length`, as remark
 * counts), the delimiter row as wide, alignment kept.
 */

type Align = 'left' | 'right' | 'center' | 'none';

/** The finished table; null when the lines are not a table (no delimiter row), so they are paragraphs. */
export const finishTable = (lines: readonly string[]): string[] | null => {
  const rows = lines.map(cellsOf);
  const delimiter = rows[1];
  if (delimiter === undefined || !delimiter.every((cell) => /^:?-+:?$/.test(cell))) return null;
  const align = delimiter.map(alignOf);
  const header = rows[0] as string[];
  const body = [header, ...rows.slice(2)].map((row) => row.map((cell) => finishInline(cell, 'cell')));
  return layout(body, align, header.length);
};

/** The cells of a row: split at the template's pipes (a pipe in outside text is content), trimmed. */
const cellsOf = (line: string): string[] => {
  const cells: string[] = [];
  let start = 0;
  let at = 0;
  while (at < line.length) {
    const pipe = line.indexOf('|', at);
    const open = line.indexOf(OPEN, at);
    if (pipe < 0) break;
    if (open >= 0 && open < pipe) {
      // Outside text: its pipes are content; go on after its end.
      const close = line.indexOf(CLOSE, open + 1);
      at = close < 0 ? line.length : close + 1;
      continue;
    }
    cells.push(line.slice(start, pipe));
    start = pipe + 1;
    at = pipe + 1;
  }
  cells.push(line.slice(start));
  // The leading and trailing pipes give an empty first and last piece.
  if (line.startsWith('|')) cells.shift();
  if (line.endsWith('|') && cells.length > 0) cells.pop();
  return cells.map((cell) => cell.trim());
};

const alignOf = (cell: string): Align => {
  const left = cell.startsWith(':');
  const right = cell.endsWith(':');
  return left && right ? 'center' : left ? 'left' : right ? 'right' : 'none';
};

/** markdown-table 3 with alignDelimiters, padding, delimiterStart/End on and fillRows off. */
const layout = (rows: readonly string[][], align: readonly Align[], columns: number): string[] => {
  const widths: number[] = new Array<number>(columns).fill(0);
  for (const row of rows) {
    for (let column = 0; column < row.length; column += 1) {
      const length = (row[column] as string).length;
      if (length > (widths[column] ?? 0)) widths[column] = length;
    }
  }
  const delimiters: string[] = [];
  for (let column = 0; column < columns; column += 1) {
    const a = align[column] ?? 'none';
    const before = a === 'center' || a === 'left' ? ':' : '';
    const after = a === 'center' || a === 'right' ? ':' : '';
    const width = widths[column] ?? 0;
    const cell = `${before}${'-'.repeat(Math.max(1, width - before.length - after.length))}${after}`;
    if (cell.length > width) widths[column] = cell.length;
    delimiters.push(cell);
  }
  const [header = [], ...body] = rows;
  const out = [line(header, Math.max(1, header.length), widths, align), line(delimiters, Math.max(1, header.length), widths, align)];
  for (const row of body) out.push(line(row, Math.max(1, row.length), widths, align));
  return out;
};

/** One row, each cell padded to its column's width as its alignment says. */
const line = (row: readonly string[], count: number, widths: readonly number[], align: readonly Align[]): string => {
  let out = '|';
  for (let column = 0; column < count; column += 1) {
    const cell = row[column] ?? '';
    const pad = (widths[column] ?? 0) - cell.length;
    const a = align[column] ?? 'none';
    const before = a === 'right' ? pad : a === 'center' ? Math.ceil(pad / 2) : 0;
    out += ` ${before > 0 ? ' '.repeat(before) : ''}${cell}${pad - before > 0 ? ' '.repeat(pad - before) : ''} |`;
  }
  return out;
};
