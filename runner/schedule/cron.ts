import { Cron } from 'croner';

/**
 * Cron patterns, parsed and stepped by croner in a time zone. Patterns have
 * the five fields of crontab(5) (minute hour day-of-month month
 * day-of-week; names like MON and JAN, ranges, lists, steps, L and #) or a
 * nickname (@hourly, @daily, @weekly, @monthly, @yearly). As in cron, when
 * both day fields are restricted a day matching either one counts.
 */

export const CRON_EXPECTED =
  '5 fields: minute hour day-of-month month day-of-week, such as "0 10 * * 2" (Tuesdays 10:00), or @hourly, @daily, @weekly, @monthly';

const NICKNAMES = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@hourly']);

/** Ranges of each field, for a message that names the field and the value as written (croner's counts from 0). */
const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day-of-week', min: 0, max: 7 },
] as const;

/** A fixed date every pattern is tried from: whether a pattern ever fires does not depend on today. */
const EPOCH = new Date('2001-01-01T00:00:00Z');

/** What is wrong with `pattern`, in words, or undefined when croner takes it and it fires on some date. */
export const cronProblem = (pattern: string): string | undefined => {
  const text = pattern.trim();
  if (text.startsWith('@')) {
    if (!NICKNAMES.has(text.toLowerCase())) return `unknown nickname ${text}`;
  } else {
    const fields = text.split(/\s+/);
    if (fields.length !== 5) return `it has ${fields.length} field${fields.length === 1 ? '' : 's'}`;
    // "?" means "the time the pattern was read" to croner: a schedule that shifts with each restart.
    if (text.includes('?')) return '"?" is not supported; write the value';
    for (const [index, field] of fields.entries()) {
      const spec = FIELDS[index];
      if (spec === undefined) continue;
      // Numbers outside steps (after "/") and nth weekdays (after "#").
      for (const number of field.replace(/[/#]\d+/g, '').match(/\d+/g) ?? []) {
        if (Number(number) < spec.min || Number(number) > spec.max) return `${spec.name} ${number} is outside ${spec.min}-${spec.max}`;
      }
    }
  }
  let cron: Cron;
  try {
    cron = cronUtc(text);
  } catch (error) {
    return (error instanceof Error ? error.message : String(error)).replace(/^CronPattern: /, '');
  }
  if (cron.nextRun(EPOCH) == null) return 'it matches no date';
  return undefined;
};

/**
 * The pattern in UTC, for questions daylight saving does not change much
 * (does it ever fire, how far apart are its starts): a fixed offset is
 * several times faster for croner than a named zone.
 */
export const cronUtc = (pattern: string): Cron => new Cron(pattern.trim(), { utcOffset: 0 });

/** The pattern in a time zone; the pattern must have passed cronProblem and the zone canonicalTimeZone. */
export const cronIn = (pattern: string, timeZone: string): Cron => new Cron(pattern.trim(), { timezone: timeZone });

/** The first start strictly after `afterMs` (epoch ms; milliseconds are ignored, as croner counts whole seconds). */
export const nextAfter = (cron: Cron, afterMs: number): number | undefined => {
  const next = cron.nextRun(new Date(afterMs));
  return next == null ? undefined : next.getTime();
};
