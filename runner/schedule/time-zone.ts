import { closest } from '../experiment/suggest.ts';

/**
 * IANA time zones, checked and shown with the runtime's Intl data (the same
 * data croner computes start times with).
 */

export const TIME_ZONE_EXPECTED = 'an IANA time zone name such as Europe/Berlin, America/New_York or UTC';

/** The canonical spelling of `name` (`europe/berlin` → `Europe/Berlin`), or undefined when it is not a time zone. */
export const canonicalTimeZone = (name: string): string | undefined => {
  // Offsets such as "+01:00" are accepted by newer runtimes but have no daylight saving rules: not a place's time.
  if (!/^[A-Za-z]/.test(name)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
};

/** `, did you mean "Europe/Berlin"?` or nothing. */
export const timeZoneHint = (name: string): string => {
  const match = closest(name, Intl.supportedValuesOf('timeZone'));
  return match === undefined ? '' : `, did you mean "${match}"?`;
};

const partsFormat = new Map<string, Intl.DateTimeFormat>();

const formatFor = (timeZone: string): Intl.DateTimeFormat => {
  let format = partsFormat.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
    partsFormat.set(timeZone, format);
  }
  return format;
};

/**
 * An instant as people in `timeZone` read it, with the offset that makes it
 * unambiguous across daylight saving changes: `Tue 2026-03-31 10:00 +02:00`.
 */
export const formatInZone = (ms: number, timeZone: string): string => {
  const parts: Record<string, string> = {};
  for (const part of formatFor(timeZone).formatToParts(new Date(ms))) parts[part.type] = part.value;
  // longOffset is `GMT+02:00`, or `GMT` for UTC itself.
  const offset = (parts.timeZoneName ?? 'GMT').replace(/^GMT/, '') || '+00:00';
  return `${parts.weekday} ${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${offset}`;
};
