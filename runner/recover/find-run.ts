import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { JOURNAL_FILE } from '../journal/index.ts';
import { readRunRecord, type RunRecord } from './journal.ts';
import { checkRunner } from './runner-state.ts';

export interface RunSearch {
  /** The newest unfinished run whose runner is not running; undefined when there is none. */
  run: RunRecord | undefined;
  /** Unfinished runs skipped because their runner is alive and well, newest first. */
  inProgress: RunRecord[];
  /** How many run directories were looked at. */
  looked: number;
}

/**
 * Looks through `<runsDir>/*` (each holding journal.jsonl), newest run first
 * by its run.started time, for the first unfinished run to recover. Runs whose
 * runner is still alive and well are skipped and listed. Directories whose
 * journal cannot be read are skipped.
 */
export const findRunToRecover = (runsDir: string, nowMs = Date.now()): RunSearch => {
  const dirs = existsSync(runsDir)
    ? readdirSync(runsDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && existsSync(join(runsDir, entry.name, JOURNAL_FILE)))
        .map((entry) => join(runsDir, entry.name))
    : [];
  const records = dirs.flatMap((dir): RunRecord[] => {
    try {
      return [readRunRecord(dir)];
    } catch {
      return [];
    }
  });
  records.sort((a, b) => Date.parse(b.started.at) - Date.parse(a.started.at));
  const inProgress: RunRecord[] = [];
  for (const record of records) {
    if (!record.unfinished) continue;
    if (checkRunner(record.started, record.runDir, nowMs).state === 'running') {
      inProgress.push(record);
      continue;
    }
    return { run: record, inProgress, looked: dirs.length };
  }
  return { run: undefined, inProgress, looked: dirs.length };
};
