import { z } from 'zod';
import { describeValue } from '../experiment/describe-value.ts';
import { CRON_EXPECTED, cronProblem } from './cron.ts';
import { canonicalTimeZone, TIME_ZONE_EXPECTED, timeZoneHint } from './time-zone.ts';

/**
 * Field types of the schedule file that the experiment schema has no use
 * for. Each check carries its own message, `<value> is not … (expected …)`,
 * which the loader shows as it is.
 */

/** A cron pattern, checked with croner (see cron.ts); kept as written, trimmed. */
export const cronField = (what: string) =>
  z
    .string()
    .transform((value, context) => {
      const problem = cronProblem(value);
      if (problem === undefined) return value.trim();
      context.addIssue({ code: 'custom', input: value, message: `${describeValue(value)} is not a cron pattern: ${problem} (expected ${CRON_EXPECTED})` });
      return z.NEVER;
    })
    .describe(what);

/** An IANA time zone, turned into its canonical spelling. */
export const timeZoneField = (what: string) =>
  z
    .string()
    .transform((value, context) => {
      const canonical = canonicalTimeZone(value);
      if (canonical !== undefined) return canonical;
      context.addIssue({
        code: 'custom',
        input: value,
        message: `${describeValue(value)} is not a time zone${timeZoneHint(value)} (expected ${TIME_ZONE_EXPECTED})`,
      });
      return z.NEVER;
    })
    .describe(what);

export const INSTANT_EXPECTED = 'a date and time with its UTC offset, such as 2026-12-20T00:00:00+01:00 or 2026-12-20T00:00:00Z';

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Epoch milliseconds of an ISO 8601 date-time with an offset, or undefined (no offset, or no such day or time). */
export const parseInstant = (text: string): number | undefined => {
  const match = INSTANT.exec(text);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  // Date.parse rolls 2026-02-30 over into March; a day or time that does not exist is a mistake.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
};

/** A fixed instant, as epoch milliseconds. */
export const instantField = (what: string) =>
  z
    .string()
    .transform((value, context) => {
      const ms = parseInstant(value.trim());
      if (ms !== undefined) return ms;
      context.addIssue({ code: 'custom', input: value, message: `${describeValue(value)} is not a date and time (expected ${INSTANT_EXPECTED})` });
      return z.NEVER;
    })
    .describe(what);
