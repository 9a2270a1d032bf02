import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { JOURNAL_FILE, readJournal } from '../journal/index.ts';
import { NoActiveRunError } from './errors.ts';

/**
 * The run a responder means: the newest run under `runsDir` (by its
 * run.started time) whose journal has no run.ended. Throws NoActiveRunError
 * naming the directory when there is none.
 */
export const findActiveRun = (runsDir: string): string => {
  const dirs = existsSync(runsDir)
    ? readdirSync(runsDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && existsSync(join(runsDir, entry.name, JOURNAL_FILE)))
        .map((entry) => join(runsDir, entry.name))
    : [];
  const active = dirs.flatMap((dir) => {
    try {
      const journal = readJournal(join(dir, JOURNAL_FILE));
      const started = journal.events.find((event) => event.type === 'run.started');
      return journal.ended || started === undefined ? [] : [{ dir, startedAt: Date.parse(started.at) }];
    } catch {
      return []; // unreadable: not a run we can talk to
    }
  });
  const newest = active.sort((a, b) => b.startedAt - a.startedAt)[0];
  if (newest !== undefined) return newest.dir;
  throw new NoActiveRunError(
    dirs.length === 0
      ? `no run is going on: there are no runs under ${runsDir} (start one with gameday run FILE, or name one with --run RUN_DIR)`
      : `no run is going on: every run under ${runsDir} has ended (start one with gameday run FILE, or name one with --run RUN_DIR)`,
  );
};

/** A run directory as given (relative to `cwd`), else a run id under `runsDir`; as given when neither holds a journal. */
export const locateRun = (cwd: string, runsDir: string, given: string): string => {
  const direct = resolve(cwd, given);
  if (existsSync(join(direct, JOURNAL_FILE))) return direct;
  const byId = join(runsDir, given);
  return existsSync(join(byId, JOURNAL_FILE)) ? byId : direct;
};
