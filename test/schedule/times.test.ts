import { describe, expect, it } from 'vitest';
import {
  blackoutAt,
  dueStart,
  formatInZone,
  nextStart,
  previewSchedule,
  upcomingStarts,
  type ScheduledEntry,
} from '../../runner/schedule/index.ts';
import { at, scheduleFrom } from './fixtures.ts';

const entry = (cron: string, timezone: string): ScheduledEntry => ({ name: 'drill', file: '/x/drill.yaml', shownFile: 'drill.yaml', cron, timezone });
const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('next start times, in the entry\'s time zone', () => {
  it('10:00 New York stays 10:00 local across the March change: 15:00 UTC, then 14:00 UTC', () => {
    const starts = upcomingStarts(entry('0 10 * * *', 'America/New_York'), at('2026-03-06T16:00:00Z'), 4);
    expect(starts.map(iso)).toEqual(['2026-03-07T15:00:00.000Z', '2026-03-08T14:00:00.000Z', '2026-03-09T14:00:00.000Z', '2026-03-10T14:00:00.000Z']);
    expect(starts.map((ms) => formatInZone(ms, 'America/New_York'))).toEqual([
      'Sat 2026-03-07 10:00 -05:00',
      'Sun 2026-03-08 10:00 -04:00',
      'Mon 2026-03-09 10:00 -04:00',
      'Tue 2026-03-10 10:00 -04:00',
    ]);
  });

  it('Berlin: 02:30 does not exist on the spring change (it runs at 03:30 CEST) and runs once on the autumn one', () => {
    const spring = upcomingStarts(entry('30 2 * * *', 'Europe/Berlin'), at('2026-03-28T00:00:00Z'), 3);
    expect(spring.map((ms) => formatInZone(ms, 'Europe/Berlin'))).toEqual(['Sat 2026-03-28 02:30 +01:00', 'Sun 2026-03-29 03:30 +02:00', 'Mon 2026-03-30 02:30 +02:00']);
    const autumn = upcomingStarts(entry('30 2 * * *', 'Europe/Berlin'), at('2026-10-24T00:00:00Z'), 3);
    expect(autumn.map((ms) => formatInZone(ms, 'Europe/Berlin'))).toEqual(['Sat 2026-10-24 02:30 +02:00', 'Sun 2026-10-25 02:30 +01:00', 'Mon 2026-10-26 02:30 +01:00']);
  });

  it('the same pattern in two zones starts at different instants', () => {
    const from = at('2026-06-01T00:00:00Z');
    expect(iso(nextStart(entry('0 10 * * 2', 'Europe/Berlin'), from))).toBe('2026-06-02T08:00:00.000Z');
    expect(iso(nextStart(entry('0 10 * * 2', 'America/New_York'), from))).toBe('2026-06-02T14:00:00.000Z');
    expect(iso(nextStart(entry('0 10 * * 2', 'UTC'), from))).toBe('2026-06-02T10:00:00.000Z');
  });

  it('a start is strictly after the time given: a start now is not "next"', () => {
    expect(iso(nextStart(entry('0 10 * * *', 'UTC'), at('2026-06-02T10:00:00Z')))).toBe('2026-06-03T10:00:00.000Z');
    expect(iso(nextStart(entry('0 10 * * *', 'UTC'), at('2026-06-02T09:59:59.999Z')))).toBe('2026-06-02T10:00:00.000Z');
  });

  it('dueStart: the latest start within the window before now, or none', () => {
    const daily = entry('0 10 * * *', 'UTC');
    expect(iso(dueStart(daily, at('2026-06-02T10:07:00Z'), 15 * 60_000))).toBe('2026-06-02T10:00:00.000Z');
    expect(iso(dueStart(daily, at('2026-06-02T10:00:00Z'), 15 * 60_000))).toBe('2026-06-02T10:00:00.000Z');
    expect(dueStart(daily, at('2026-06-02T10:16:00Z'), 15 * 60_000)).toBeUndefined();
    expect(iso(dueStart(entry('*/5 * * * *', 'UTC'), at('2026-06-02T10:12:00Z'), 15 * 60_000))).toBe('2026-06-02T10:10:00.000Z');
  });
});

describe('blackouts', () => {
  const schedule = scheduleFrom(
    [
      'timezone: Europe/Berlin',
      'blackouts:',
      '  - cron: "* * * * 6,0"', // every minute of the weekend, Berlin time
      '    reason: weekend',
      '  - cron: "0 18 * * 1-5"',
      '    duration: 14h',
      '    timezone: America/New_York',
      '    reason: New York nights',
      '  - from: 2026-12-20T00:00:00+01:00',
      '    to: 2027-01-04T00:00:00+01:00',
      '    reason: holiday freeze',
      'experiments:',
      '  - file: a.yaml',
      '    cron: "0 16 * * *"', // 10:00 in New York in winter
    ].join('\n'),
    '/plans',
  );
  const reason = (iso: string): string | undefined => blackoutAt(schedule.blackouts, at(iso))?.reason;

  it('a cron window without duration is every minute the pattern matches, in the schedule\'s zone', () => {
    expect(reason('2026-06-05T21:59:59Z')).toBeUndefined(); // Friday 23:59:59 Berlin
    expect(reason('2026-06-05T22:00:00Z')).toBe('weekend'); // Saturday 00:00 Berlin
    expect(reason('2026-06-07T21:59:59Z')).toBe('weekend'); // Sunday 23:59:59 Berlin
    expect(reason('2026-06-07T22:00:00Z')).toBeUndefined(); // Monday 00:00 Berlin
  });

  it('a cron window with a duration, in its own zone: opens at each start, closes duration later (not included)', () => {
    expect(reason('2026-06-01T21:59:59Z')).toBeUndefined(); // Monday 17:59:59 New York
    expect(reason('2026-06-01T22:00:00Z')).toBe('New York nights'); // Monday 18:00 New York
    expect(reason('2026-06-02T11:59:59Z')).toBe('New York nights'); // Tuesday 07:59:59 New York
    expect(reason('2026-06-02T12:00:00Z')).toBeUndefined(); // Tuesday 08:00 New York
  });

  it('a fixed range includes its start and not its end', () => {
    expect(reason('2026-12-19T22:59:59Z')).toBe('weekend'); // Saturday: the weekend window, before the freeze
    expect(reason('2026-12-21T10:00:00Z')).toBe('holiday freeze');
    expect(reason('2027-01-04T10:00:00Z')).toBeUndefined(); // Monday after
    expect(blackoutAt(schedule.blackouts, at('2026-12-19T23:00:00Z'))).toBeDefined();
  });

  it('--dry-run marks the starts that fall in a blackout, in the entry\'s zone', () => {
    // 16:00 Berlin is 10:00 in New York: outside its nights, which would black out a 10:00 Berlin start (04:00 there).
    expect(previewSchedule(schedule, at('2026-12-17T00:00:00Z'), 5)).toBe(
      [
        'a  "0 16 * * *"  Europe/Berlin  /plans/a.yaml',
        '  Thu 2026-12-17 16:00 +01:00  2026-12-17T15:00:00Z',
        '  Fri 2026-12-18 16:00 +01:00  2026-12-18T15:00:00Z',
        '  Sat 2026-12-19 16:00 +01:00  2026-12-19T15:00:00Z  skipped: blackout weekend',
        '  Sun 2026-12-20 16:00 +01:00  2026-12-20T15:00:00Z  skipped: blackout weekend',
        '  Mon 2026-12-21 16:00 +01:00  2026-12-21T15:00:00Z  skipped: blackout holiday freeze',
        '',
      ].join('\n'),
    );
  });
});
