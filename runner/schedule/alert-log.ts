import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { normalisedAlertSchema } from '../alerts/index.ts';

/**
 * `<runs_dir>/schedule-alerts.jsonl`: every alert the schedule's standing
 * receiver accepted, one JSON object a line, `{at, via, alert}`. A
 * request's lines are written with one write(2) on an O_APPEND descriptor
 * and fsynced before the sender gets its 2xx (as a run's journal records
 * `alert.received`), so what fires survives the scheduler's restart: it
 * replays the file when it starts.
 */

export const ALERTS_FILE = 'schedule-alerts.jsonl';

const lineSchema = z.object({
  /** When it was received (ISO). */
  at: z.string(),
  /** The receiver path it came by, e.g. `/alertmanager`. */
  via: z.string(),
  alert: normalisedAlertSchema,
});

export type AlertLine = z.output<typeof lineSchema>;

export interface AlertLog {
  readonly path: string;
  /** Appends and forces to disk; throws when that fails (the receiver then answers 500 and nothing counts). */
  append(lines: readonly AlertLine[]): void;
  close(): void;
}

export const openAlertLog = (path: string): AlertLog => {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'a+', 0o644);
  // A scheduler killed mid-write leaves a torn last line: end it, so the next alert stands on its own line.
  if (!endsWithNewline(fd)) writeSync(fd, '\n');
  let closed = false;
  return {
    path,
    append(lines) {
      if (closed) throw new Error(`${path} is closed`);
      if (lines.length === 0) return;
      writeSync(fd, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
      fsyncSync(fd);
    },
    close() {
      if (closed) return;
      closed = true;
      closeSync(fd);
    },
  };
};

export interface AlertLogContents {
  lines: AlertLine[];
  /** Line numbers (from 1) that are not an alert line: torn by a crash, or edited by hand. They are skipped. */
  unreadable: number[];
}

/** The file's alerts in order; a missing file has none. */
export const readAlertLog = (path: string): AlertLogContents => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { lines: [], unreadable: [] };
    throw error;
  }
  const lines: AlertLine[] = [];
  const unreadable: number[] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    if (raw.trim() === '') continue;
    const parsed = lineSchema.safeParse(parseJson(raw));
    if (parsed.success) lines.push(parsed.data);
    else unreadable.push(index + 1);
  }
  return { lines, unreadable };
};

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

const endsWithNewline = (fd: number): boolean => {
  const { size } = fstatSync(fd);
  if (size === 0) return true;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] === 0x0a;
};
