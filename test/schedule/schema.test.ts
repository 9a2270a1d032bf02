import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatProblem } from '../../runner/experiment/index.ts';
import { loadScheduleFile, loadScheduleText } from '../../runner/schedule/index.ts';
import { tempDir } from './fixtures.ts';

// Each broken schedule, with every line `gameday schedule` must print for it, exactly.

const problemsOf = (text: string): string[] => {
  const result = loadScheduleText(text, 's.yaml');
  return result.ok ? [] : result.problems.map(formatProblem);
};

const CRON = '5 fields: minute hour day-of-month month day-of-week, such as "0 10 * * 2" (Tuesdays 10:00), or @hourly, @daily, @weekly, @monthly';
const ZONE = 'an IANA time zone name such as Europe/Berlin, America/New_York or UTC';
const INSTANT = 'a date and time with its UTC offset, such as 2026-12-20T00:00:00+01:00 or 2026-12-20T00:00:00Z';
const ENTRY = 'experiments:\n  - file: a.yaml\n    cron: "0 10 * * 2"\n';

describe('schedule file problems, at their line and column', () => {
  it('a cron pattern out of range, with too many fields, or matching no date', () => {
    const text = 'experiments:\n  - file: a.yaml\n    cron: "61 10 * * 2"\n  - file: b.yaml\n    cron: "0 10 * * 2 *"\n  - file: c.yaml\n    cron: "0 0 30 2 *"\n  - file: d.yaml\n    cron: "0 10 * * ?"\n';
    expect(problemsOf(text)).toEqual([
      `s.yaml:3:11  experiments[0].cron  "61 10 * * 2" is not a cron pattern: minute 61 is outside 0-59 (expected ${CRON})`,
      `s.yaml:5:11  experiments[1].cron  "0 10 * * 2 *" is not a cron pattern: it has 6 fields (expected ${CRON})`,
      `s.yaml:7:11  experiments[2].cron  "0 0 30 2 *" is not a cron pattern: it matches no date (expected ${CRON})`,
      `s.yaml:9:11  experiments[3].cron  "0 10 * * ?" is not a cron pattern: "?" is not supported; write the value (expected ${CRON})`,
    ]);
  });

  it('a syntax croner refuses, in its words', () => {
    expect(problemsOf('experiments:\n  - file: a.yaml\n    cron: "0 10 * * MON-"\n')).toEqual([
      `s.yaml:3:11  experiments[0].cron  "0 10 * * MON-" is not a cron pattern: Syntax error, illegal upper range (NaN) (expected ${CRON})`,
    ]);
  });

  it('a misspelt time zone, with a suggestion, at the top and in an entry; an offset is not a zone', () => {
    const text = `timezone: Europe/Berln\nexperiments:\n  - file: a.yaml\n    cron: "0 10 * * 2"\n    timezone: +01:00\n`;
    expect(problemsOf(text)).toEqual([
      `s.yaml:1:11  timezone  "Europe/Berln" is not a time zone, did you mean "Europe/Berlin"? (expected ${ZONE})`,
      `s.yaml:5:15  experiments[0].timezone  "+01:00" is not a time zone (expected ${ZONE})`,
    ]);
  });

  it('blackouts: overlapping ranges, an end before the start, a time without offset, a day that does not exist', () => {
    const text = [
      'blackouts:',
      '  - from: 2026-12-20T00:00:00+01:00',
      '    to: 2027-01-04T00:00:00+01:00',
      '    reason: holiday freeze',
      '  - from: 2027-01-03T00:00:00Z', // overlaps the first
      '    to: 2027-01-10T00:00:00Z',
      '  - from: 2027-02-01T00:00:00Z',
      '    to: 2027-01-31T00:00:00Z',
      '  - from: 2027-03-01T00:00:00',
      '    to: 2027-02-30T00:00:00Z',
      ENTRY,
    ].join('\n');
    expect(problemsOf(text)).toEqual([
      's.yaml:5:11  blackouts[1].from  this range overlaps blackouts[0] (2026-12-19T23:00:00.000Z to 2027-01-03T23:00:00.000Z) (expected ranges that do not overlap: merge them into one)',
      's.yaml:8:9  blackouts[2].to  2027-01-31T00:00:00.000Z is not after from, 2027-02-01T00:00:00.000Z (expected an end later than the start)',
      `s.yaml:9:11  blackouts[3].from  "2027-03-01T00:00:00" is not a date and time (expected ${INSTANT})`,
      `s.yaml:10:9  blackouts[3].to  "2027-02-30T00:00:00Z" is not a date and time (expected ${INSTANT})`,
    ]);
  });

  it('blackouts: a cron window whose windows overlap, both forms at once, neither, a range with cron keys, a missing end', () => {
    const text = [
      'blackouts:',
      '  - cron: "* * * * 6,0"',
      '    duration: 24h',
      '  - cron: "0 0 * * 6"',
      '    to: 2027-01-10T00:00:00Z',
      '  - reason: nothing',
      '  - from: 2027-01-01T00:00:00Z',
      '    duration: 1h',
      ENTRY,
    ].join('\n');
    expect(problemsOf(text)).toEqual([
      's.yaml:3:15  blackouts[0].duration  24h is longer than the 1m between two starts of "* * * * 6,0", so its windows overlap (expected a duration no longer than the gap; to black out whole days, leave out duration: "* * * * 6,0" is every minute of Saturday and Sunday; or start once: "0 0 * * 6" with 48h)',
      's.yaml:5:9  blackouts[1].to  a blackout is a cron window or a fixed range, not both (expected either cron (with an optional duration and timezone) or from and to)',
      's.yaml:6:5  blackouts[2]  no window given (expected either cron (with an optional duration and timezone) or from and to)',
      's.yaml:7:5  blackouts[3].to  missing (expected the end of the range, with its UTC offset)',
      's.yaml:8:5  blackouts[3].duration  duration belongs to cron windows; a fixed range has none (expected only from, to and reason)',
    ]);
  });

  it('cross-field: duplicate entry names, commit without a postmortem, a kill switch nothing can pull, an unknown key', () => {
    const text = [
      'kill_switch: { poll: 1s }',
      'after_run:',
      '  commit: true',
      'experiments:',
      '  - file: dir/a.yaml',
      '    cron: "0 10 * * 2"',
      '  - file: a.yml',
      '    cron: "0 11 * * 2"',
      '  - file: b.yaml',
      '    crn: "0 11 * * 2"',
      '',
    ].join('\n');
    expect(problemsOf(text)).toEqual([
      's.yaml:1:14  kill_switch  neither file nor http is given, so nothing can pull it (expected file, http or both)',
      's.yaml:3:11  after_run.commit  commit commits the postmortem, and none is written (expected postmortem: true as well)',
      's.yaml:7:11  experiments[1].file  experiments[0] is called "a" too (expected a distinct name: add name: to one of them)',
      's.yaml:9:5  experiments[2].cron  missing (expected a string)',
      's.yaml:10:5  experiments[2].crn  unknown key "crn", did you mean "cron"? (expected one of: file, cron, timezone, name)',
    ]);
  });

  it('an empty file, and a YAML syntax error', () => {
    expect(problemsOf('')).toEqual([
      's.yaml:1:1  (document)  the file is empty (expected a mapping with experiments, and optionally timezone, blackouts, incidents, kill_switch and after_run)',
    ]);
    // An unquoted pattern starting with "*" is a YAML alias: quote cron patterns.
    expect(problemsOf('experiments:\n  - file: a.yaml\n    cron: * * * * *\n')[0]).toMatch(/^s\.yaml:3:11  \(document\)  .*\(expected valid YAML\)$/);
  });

  it('a valid file: defaults, canonical zones, durations and instants in milliseconds', () => {
    const text = [
      'timezone: europe/berlin',
      'blackouts:',
      '  - cron: "0 18 * * 1-5"',
      '    duration: 14h',
      '  - from: 2026-12-20T00:00:00+01:00',
      '    to: 2027-01-04T00:00:00+01:00',
      ENTRY,
    ].join('\n');
    const loaded = loadScheduleText(text, 's.yaml');
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.schedule).toMatchObject({
      timezone: 'Europe/Berlin',
      runs_dir: 'runs',
      blackouts: [
        { kind: 'cron', cron: '0 18 * * 1-5', duration: 14 * 3_600_000 },
        { kind: 'range', from: Date.parse('2026-12-19T23:00:00Z'), to: Date.parse('2027-01-03T23:00:00Z') },
      ],
      after_run: { postmortem: false, postmortems_dir: 'postmortems', commit: false, site: false, site_dir: 'site/dist' },
      experiments: [{ file: 'a.yaml', cron: '0 10 * * 2' }],
    });
  });
});

describe('loadScheduleFile', () => {
  const made: (() => void)[] = [];
  afterEach(() => made.splice(0).forEach((remove) => remove()));

  it('resolves paths against the schedule file, and reports a missing experiment at its file: line', async () => {
    const { dir, remove } = tempDir('gameday-schedule-load-');
    made.push(remove);
    mkdirSync(join(dir, 'plans'));
    const file = join(dir, 'plans', 'schedule.yaml');
    writeFileSync(file, 'runs_dir: ../runs\nexperiments:\n  - file: ../nowhere.yaml\n    cron: "0 10 * * 2"\n');
    const result = await loadScheduleFile(file, 'plans/schedule.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map(formatProblem)).toEqual([
      'plans/schedule.yaml:3:11  experiments[0].file  cannot read nowhere.yaml: no such file (expected an experiment file, relative to the schedule file)',
    ]);
  });

  it('reports an experiment\'s own problems at their own positions', async () => {
    const { dir, remove } = tempDir('gameday-schedule-load-');
    made.push(remove);
    writeFileSync(join(dir, 'broken.yaml'), 'name: broken\n');
    writeFileSync(join(dir, 'schedule.yaml'), 'experiments:\n  - file: broken.yaml\n    cron: "0 10 * * 2"\n');
    const result = await loadScheduleFile(join(dir, 'schedule.yaml'), 'schedule.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map(formatProblem)[0]).toMatch(/^broken\.yaml:1:1  description  missing/);
  });

  it('loads the example schedule, every path absolute', async () => {
    const result = await loadScheduleFile('experiments/examples/schedule.yaml');
    expect(result.ok && result.schedule.entries.map((e) => [e.name, e.timezone, e.shownFile])).toEqual([
      ['slow-payments', 'Europe/Berlin', 'experiments/slow-payments.yaml'],
      ['inventory-down', 'America/New_York', 'experiments/inventory-down.yaml'],
    ]);
    if (!result.ok) return;
    expect(result.schedule.lock).toBe(join(process.cwd(), 'runs', 'schedule.lock'));
    expect(result.schedule.killSwitch?.file).toBe(join(process.cwd(), 'runs', 'STOP'));
  });
});
