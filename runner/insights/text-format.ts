import type { Distribution } from './distribution.ts';

/** Plain-text building blocks for the insights summary. */

/**
 * Text from people's files, safe for a terminal: control characters (escape sequences among them) become `?`,
 * line breaks a space.
 */
export const plain = (text: string): string =>
  text.replace(/[\r\n\t]+/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '?');

/** Milliseconds for people: 850ms, 2.2s, 3m05s, 1h02m. */
export const formatMs = (ms: number | null): string => {
  if (ms === null) return '—';
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1_000);
  if (seconds < 3_600) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
};

/** `2.2s / 4.1s (n=4)`: median / p90 and the sample size; `— (n=0)` when empty. */
export const formatDistribution = (d: Distribution, format: (value: number | null) => string = formatMs): string =>
  d.n === 0 ? '— (n=0)' : `${format(d.median)} / ${format(d.p90)} (n=${d.n})`;

/** `4/5 80%`, or `—` when the whole is 0. */
export const formatRate = (part: number, whole: number): string =>
  whole === 0 ? '—' : `${part}/${whole} ${Math.round((100 * part) / whole)}%`;

/** Rows padded into columns two spaces apart; the first row is the header, underlined. */
export const table = (rows: readonly (readonly string[])[], indent = '  '): string[] => {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length))) ?? [];
  const line = (row: readonly string[]): string => indent + row.map((cell, col) => cell.padEnd(widths[col] ?? 0)).join('  ').trimEnd();
  const [head, ...body] = rows;
  if (head === undefined) return [];
  return [line(head), indent + widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
};

export const plural = (n: number, noun: string, nouns = `${noun}s`): string => `${n} ${n === 1 ? noun : nouns}`;
