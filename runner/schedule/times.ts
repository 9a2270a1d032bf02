import { cronIn, nextAfter } from './cron.ts';
import type { ScheduledEntry } from './resolve.ts';

/**
 * When entries start, as epoch milliseconds, computed by croner in each
 * entry's time zone. Starts fall on whole seconds (whole minutes, for
 * five-field patterns). Pure: the time is always given.
 */

/** The entry's first start strictly after `afterMs`; undefined if it never starts again. */
export const nextStart = (entry: ScheduledEntry, afterMs: number): number | undefined =>
  nextAfter(cronIn(entry.cron, entry.timezone), afterMs);

/** The entry's next `count` starts after `afterMs`. */
export const upcomingStarts = (entry: ScheduledEntry, afterMs: number, count: number): number[] => {
  const cron = cronIn(entry.cron, entry.timezone);
  const starts: number[] = [];
  for (let at = nextAfter(cron, afterMs); at !== undefined && starts.length < count; at = nextAfter(cron, at)) starts.push(at);
  return starts;
};

/** The entry's latest start in (nowMs - withinMs, nowMs], if any: the start a late trigger (CI) is meant to run. */
export const dueStart = (entry: ScheduledEntry, nowMs: number, withinMs: number): number | undefined => {
  const cron = cronIn(entry.cron, entry.timezone);
  let due: number | undefined;
  for (let at = nextAfter(cron, nowMs - withinMs); at !== undefined && at <= nowMs; at = nextAfter(cron, at)) due = at;
  return due;
};

export interface NextStart {
  entry: ScheduledEntry;
  at: number;
}

/** The earliest next start among entries, each counted from its own `after` (epoch ms); ties go to the first entry. */
export const earliestStart = (entries: readonly ScheduledEntry[], after: (entry: ScheduledEntry) => number): NextStart | undefined => {
  let best: NextStart | undefined;
  for (const entry of entries) {
    const at = nextStart(entry, after(entry));
    if (at !== undefined && (best === undefined || at < best.at)) best = { entry, at };
  }
  return best;
};
