/**
 * Calendar buckets of a postmortem's date (YYYY-MM-DD, read as a UTC calendar day).
 * Labels sort in time order as strings.
 */

export type Granularity = 'week' | 'month' | 'overall';

export interface PeriodKey {
  /** `2025-W09` (ISO week), `2025-03` (month), or `all`. */
  label: string;
  /** First day of the bucket, YYYY-MM-DD (a Monday for weeks); null for `all`. */
  start: string | null;
}

const DAY_MS = 86_400_000;

/** The bucket of `date` at `granularity`; null when `date` is not a real YYYY-MM-DD day. */
export const periodOf = (date: string, granularity: Granularity): PeriodKey | null => {
  if (granularity === 'overall') return ALL;
  const day = dayNumber(date);
  if (day === null) return null;
  if (granularity === 'month') return { label: date.slice(0, 7), start: `${date.slice(0, 7)}-01` };
  return isoWeekOf(day);
};

const ALL: PeriodKey = { label: 'all', start: null };

/** Days since 1970-01-01 of a YYYY-MM-DD date, or null when it is not a valid calendar date. */
export const dayNumber = (date: string): number | null => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match === null) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return ms / DAY_MS;
};

/** YYYY-MM-DD of a day number. */
export const dateOfDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/**
 * ISO 8601 week: weeks start on Monday, and week 1 is the one with the year's first Thursday, so the week's year
 * is the year of its Thursday (2024-12-30 is in 2025-W01; 2021-01-03 is in 2020-W53).
 */
const isoWeekOf = (day: number): PeriodKey => {
  const weekday = (((new Date(day * DAY_MS).getUTCDay() + 6) % 7) + 7) % 7; // Monday 0 … Sunday 6
  const monday = day - weekday;
  const thursday = new Date((monday + 3) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const firstDay = Date.UTC(year, 0, 1) / DAY_MS;
  const week = Math.floor((monday + 3 - firstDay) / 7) + 1;
  return { label: `${year}-W${String(week).padStart(2, '0')}`, start: dateOfDay(monday) };
};
