import { formatDuration } from '../experiment/duration.ts';
import { attemptStart } from './attempt.ts';
import type { ScheduleContext } from './context.ts';
import type { ScheduledEntry } from './resolve.ts';
import { formatInZone } from './time-zone.ts';
import { nextStart } from './times.ts';

/** The longest single sleep, ms: the time is looked at again at least this often (a clock set forward, a machine that slept). */
const MAX_SLEEP_MS = 60_000;
/** A start noticed later than this (ms) was missed (the machine slept, the process stalled) and is not run late. */
const LATE_LIMIT_MS = 60_000;

/**
 * The scheduler: waits for the earliest next start among the entries and
 * attempts it, until stopped. Starts count from when the loop began, so a
 * start before that is not made up. A start that came due while a drill
 * ran, or that the loop noticed too late, is logged as missed, not run
 * late: drills do not queue up.
 */
export const runLoop = async (context: ScheduleContext): Promise<void> => {
  const { schedule, clock, log, stop, state } = context;
  const begun = clock.now();
  // Each entry's next start; moved on once that start is handled (run, skipped or missed). Ties go to the first entry.
  const upcoming = new Map<ScheduledEntry, number | undefined>(schedule.entries.map((entry) => [entry, nextStart(entry, begun)]));
  const earliest = (): { entry: ScheduledEntry; at: number } | undefined => {
    let best: { entry: ScheduledEntry; at: number } | undefined;
    for (const [entry, at] of upcoming) if (at !== undefined && (best === undefined || at < best.at)) best = { entry, at };
    return best;
  };
  let announced: { entry: ScheduledEntry; at: number } | undefined;
  let lastAttempt: { entry: string; to: number } | undefined; // the last drill that ran, and when it ended
  while (!stop.aborted) {
    const next = earliest();
    if (next === undefined) {
      log('scheduler', 'no entry starts again; stopping');
      return;
    }
    const { entry, at } = next;
    state.next = { entry: entry.name, at };
    if (announced?.entry !== entry || announced.at !== at) {
      announced = next;
      log('next', `${formatInZone(at, entry.timezone)} (${new Date(at).toISOString()})`, entry.name);
    }
    const wait = at - clock.now();
    if (wait > 0) {
      await clock.sleep(Math.min(wait, MAX_SLEEP_MS), stop);
      continue;
    }
    upcoming.set(entry, nextStart(entry, at));
    const dueText = `due ${formatInZone(at, entry.timezone)}`;
    if (lastAttempt !== undefined && at <= lastAttempt.to) {
      log('missed', `${dueText} while ${lastAttempt.entry} was running; drills do not queue`, entry.name);
      continue;
    }
    const late = clock.now() - at;
    if (late > LATE_LIMIT_MS) {
      log('missed', `${dueText}, noticed ${formatDuration(late)} late (was the machine asleep?)`, entry.name);
      continue;
    }
    state.next = undefined;
    const outcome = await attemptStart(context, entry, at);
    // Only a drill takes time; a start refused at once leaves the next one free to run.
    if (outcome.kind !== 'skipped') lastAttempt = { entry: entry.name, to: clock.now() };
  }
};
