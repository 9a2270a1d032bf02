import { readFileSync } from 'node:fs';
import { journalEventSchema, type JournalEvent } from './events.ts';

export interface JournalProblem {
  line: number;
  message: string;
}

export interface Journal {
  path: string;
  events: JournalEvent[];
  /** Lines that could not be read, with why; a torn last line (a crash mid-write) is one. */
  problems: JournalProblem[];
  /** Whether the run recorded its end. */
  ended: boolean;
}

/**
 * Reads a journal, keeping every event it can and naming the lines it can't.
 * A journal cut short by a crash is still read up to the cut.
 */
export function readJournal(path: string): Journal {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const events: JournalEvent[] = [];
  const problems: JournalProblem[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const number = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      const torn = index === lines.length - 1;
      problems.push({ line: number, message: torn ? 'unfinished last line (the run stopped while writing it)' : 'not JSON' });
      return;
    }
    const parsed = journalEventSchema.safeParse(value);
    if (parsed.success) events.push(parsed.data);
    else {
      const issue = parsed.error.issues[0];
      problems.push({ line: number, message: `${issue?.path.join('.') || 'event'}: ${issue?.message ?? 'invalid'}` });
    }
  });
  return { path, events, problems, ended: events.some((e) => e.type === 'run.ended') };
}
