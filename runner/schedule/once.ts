import { formatDuration } from '../experiment/duration.ts';
import { ExitCode } from '../errors.ts';
import { attemptStart } from './attempt.ts';
import type { ScheduleContext } from './context.ts';
import { formatInZone } from './time-zone.ts';
import { dueStart, earliestStart, type NextStart } from './times.ts';

/**
 * `--once`, for CI schedulers that fire late: attempts every entry whose
 * start fell within the last `dueWithinMs` (oldest first); when none did,
 * the entry that starts next, now. Returns the exit code to end with: the
 * highest of the attempts' codes (a verdict's, or a refusal's).
 */
export const runOnce = async (context: ScheduleContext, dueWithinMs: number): Promise<number> => {
  const { schedule, clock, log } = context;
  const now = clock.now();
  let picks: NextStart[] = schedule.entries
    .flatMap((entry) => {
      const at = dueStart(entry, now, dueWithinMs);
      return at === undefined ? [] : [{ entry, at }];
    })
    .sort((a, b) => a.at - b.at);
  if (picks.length === 0) {
    const next = earliestStart(schedule.entries, () => now);
    if (next === undefined) {
      log('scheduler', 'no entry starts again; nothing to run');
      return ExitCode.ok;
    }
    log('scheduler', `nothing was due in the last ${formatDuration(dueWithinMs)}; running the next start now (${formatInZone(next.at, next.entry.timezone)})`, next.entry.name);
    picks = [next];
  }
  let exitCode: number = ExitCode.ok;
  for (const { entry, at } of picks) {
    if (context.stop.aborted) break;
    const outcome = await attemptStart(context, entry, at);
    exitCode = Math.max(exitCode, outcome.exitCode);
  }
  return exitCode;
};
