import { z } from 'zod';
import { duration, formatDuration } from '../experiment/duration.ts';
import { cronUtc } from './cron.ts';
import { cronField, instantField, timeZoneField } from './fields.ts';

/**
 * A blackout: a time when no drill starts. Either a cron window (it opens
 * at each start of `cron` and lasts `duration`; without `duration`, every
 * minute the pattern matches: `"* * * * 6,0"` is all of Saturday and
 * Sunday) or a fixed range from `from` to `to` (the end not included).
 * One mapping with every key optional, checked as a whole, so a mistake is
 * named by the key it is about rather than by "matched neither form".
 */

/** How long a cron window lasts when `duration` is left out: the minute the pattern matched. */
export const CRON_WINDOW_MS = 60_000;
/** Daylight saving moves two starts at most this much closer together. */
const DST_SLACK_MS = 3_600_000;
/** Starts looked at to find the shortest gap between two of them (years for weekly patterns, weeks for hourly ones). */
const GAP_SAMPLES = 1_000;

const WINDOW_EXPECTED = 'either cron (with an optional duration and timezone) or from and to';

const blackoutShape = z.strictObject({
  cron: cronField('Each start of this pattern opens a window').optional(),
  duration: duration('How long each cron window lasts (default: the minute the pattern matched)').optional(),
  timezone: timeZoneField('Time zone of the cron pattern (default: the schedule\'s)').optional(),
  from: instantField('Start of a fixed range, with its UTC offset').optional(),
  to: instantField('End of a fixed range (not included), with its UTC offset').optional(),
  reason: z.string().min(1).describe('Why, for the line that says a start was skipped').optional(),
});

type Shape = z.output<typeof blackoutShape>;
type Add = (path: readonly (string | number)[], message: string, rule: string) => void;

export const blackoutSchema = blackoutShape
  .superRefine((b, context) => {
    const add: Add = (path, message, rule) =>
      // A key that does not belong is shown at the key; anything else at its value (or the blackout, when missing).
      context.addIssue({ code: 'custom', path: [...path], message, params: { rule, ...(rule === 'not-allowed' ? { at: 'key' } : {}) }, continue: true });
    checkWindow(b, add);
  })
  .transform((b) =>
    b.cron !== undefined
      ? { kind: 'cron' as const, cron: b.cron, duration: b.duration ?? CRON_WINDOW_MS, timezone: b.timezone, reason: b.reason }
      : { kind: 'range' as const, from: b.from ?? 0, to: b.to ?? 0, reason: b.reason },
  )
  .describe('A time when no drill starts: a cron window or a fixed range');

export type Blackout = z.output<typeof blackoutSchema>;

const checkWindow = (b: Shape, add: Add): void => {
  const range = b.from !== undefined || b.to !== undefined;
  if (b.cron === undefined && !range) {
    add([], `no window given (expected ${WINDOW_EXPECTED})`, 'missing');
    return;
  }
  if (b.cron !== undefined && range) {
    add([b.from !== undefined ? 'from' : 'to'], `a blackout is a cron window or a fixed range, not both (expected ${WINDOW_EXPECTED})`, 'cross-field');
    return;
  }
  if (b.cron !== undefined) {
    if (b.duration === 0) add(['duration'], 'a window of 0s blacks out nothing (expected a duration above 0)', 'out-of-range');
    else if (b.duration !== undefined) checkCronWindowGaps(b.cron, b.duration, add);
    return;
  }
  for (const key of ['duration', 'timezone'] as const) {
    if (b[key] !== undefined) add([key], `${key} belongs to cron windows; a fixed range has none (expected only from, to and reason)`, 'not-allowed');
  }
  if (b.from === undefined) add(['from'], 'missing (expected the start of the range, with its UTC offset)', 'missing');
  else if (b.to === undefined) add(['to'], 'missing (expected the end of the range, with its UTC offset)', 'missing');
  else if (b.to <= b.from) add(['to'], `${new Date(b.to).toISOString()} is not after from, ${new Date(b.from).toISOString()} (expected an end later than the start)`, 'out-of-range');
};

/**
 * A window longer than the gap to the next start overlaps the next window:
 * almost always a misreading of the pattern (`"* * * * 6,0"` with 24h black
 * out Mondays too). Daylight saving may shorten a gap by an hour. A
 * window of a minute or less never overlaps: starts are a minute apart at least.
 */
const checkCronWindowGaps = (pattern: string, durationMs: number, add: Add): void => {
  // In UTC: a zone's daylight saving changes a gap by an hour at most, which the check allows for.
  if (durationMs <= 60_000) return;
  const cron = cronUtc(pattern);
  let previous = cron.nextRun(new Date('2001-01-01T00:00:00Z'));
  for (let i = 0; i < GAP_SAMPLES && previous != null; i++) {
    const next = cron.nextRun(previous);
    if (next == null) return;
    const gap = next.getTime() - previous.getTime();
    if (durationMs > gap + DST_SLACK_MS) {
      add(
        ['duration'],
        `${formatDuration(durationMs)} is longer than the ${formatDuration(gap)} between two starts of "${pattern}", so its windows overlap ` +
          `(expected a duration no longer than the gap; to black out whole days, leave out duration: "* * * * 6,0" is every minute of ` +
          `Saturday and Sunday; or start once: "0 0 * * 6" with 48h)`,
        'cross-field',
      );
      return;
    }
    previous = next;
  }
};

/** Fixed ranges that overlap one another (touching is fine), as problems on the later one's `from`. */
export const checkRangeOverlaps = (blackouts: readonly unknown[], add: Add): void => {
  const ranges = blackouts.flatMap((b, index) => (isRange(b) ? [{ index, from: b.from, to: b.to }] : []));
  for (const [i, a] of ranges.entries()) {
    for (const b of ranges.slice(i + 1)) {
      if (a.from < b.to && b.from < a.to) {
        add(
          [b.index, 'from'],
          `this range overlaps blackouts[${a.index}] (${new Date(a.from).toISOString()} to ${new Date(a.to).toISOString()}) ` +
            '(expected ranges that do not overlap: merge them into one)',
          'cross-field',
        );
      }
    }
  }
};

/** Items of a blackout list that parsed into a range (others may still be raw input when an item had a problem). */
const isRange = (value: unknown): value is { from: number; to: number } =>
  typeof value === 'object' &&
  value !== null &&
  (value as { kind?: unknown }).kind === 'range' &&
  typeof (value as { from?: unknown }).from === 'number' &&
  typeof (value as { to?: unknown }).to === 'number' &&
  (value as { to: number }).to > (value as { from: number }).from;
