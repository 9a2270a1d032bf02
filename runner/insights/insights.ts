import { InputError } from '../errors.ts';
import { actionItemsOf, type ActionItems } from './action-items.ts';
import { entriesOf, type PostmortemInput } from './entry.ts';
import { dateOfDay, dayNumber } from './period.ts';
import { recurringOf, type Recurring } from './recurring.ts';
import { regressionsOf, type Regression } from './regressions.ts';
import type { TickIndex } from './ticks.ts';
import { trendsOf, type Trends } from './trends.ts';

export interface InsightsOptions {
  /** The day ages and overdue items are reckoned from: YYYY-MM-DD, or an ISO date-time (its UTC day). */
  now: string;
  /** When action items were ticked, from git (git-ticks.ts `ticksFromGit`); without it every `ticked` is null. */
  ticks?: TickIndex;
}

/** What a folder of postmortems says, as data (JSON-safe: plain objects, arrays, strings, numbers, null). */
export interface Insights {
  /** YYYY-MM-DD */
  now: string;
  postmortems: {
    total: number;
    /** With a date (the rest are left out of weekly and monthly trends). */
    dated: number;
    /** Written by hand (no gameday markers, or no `generator` in the front matter). */
    handWritten: number;
  };
  trends: Trends;
  recurring: Recurring;
  regressions: Regression[];
  actionItems: ActionItems;
}

/** The insights of `postmortems`, in any order. Pure: the same input and `now`, the same output. */
export const insightsOf = (postmortems: readonly PostmortemInput[], options: InsightsOptions): Insights => {
  const today = todayOf(options.now);
  const entries = entriesOf(postmortems);
  return {
    now: dateOfDay(today),
    postmortems: {
      total: entries.length,
      dated: entries.filter((entry) => entry.date !== null).length,
      handWritten: entries.filter((entry) => entry.handWritten).length,
    },
    trends: trendsOf(entries),
    recurring: recurringOf(entries),
    regressions: regressionsOf(entries, options.ticks),
    actionItems: actionItemsOf(entries, today, options.ticks),
  };
};

/** The UTC day number of `now`; an InputError naming the value when it is neither a date nor a date-time. */
export const todayOf = (now: string): number => {
  const day = dayNumber(now.trim());
  if (day !== null) return day;
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(now.trim()) ? Date.parse(now.trim()) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new InputError(`"${now}" is not a date; give now as YYYY-MM-DD or an ISO date-time such as 2025-03-01T12:00:00Z`);
  }
  return Math.floor(ms / 86_400_000);
};
