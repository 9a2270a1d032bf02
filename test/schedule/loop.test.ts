import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GamedayError, MissingInputError } from '../../runner/errors.ts';
import { startSchedule, type RunDrill, type ScheduleOptions } from '../../runner/schedule/index.ts';
import { at, fakeDrill, recorder, scheduleFrom, tempDir, virtualClock } from './fixtures.ts';

/**
 * The scheduler over days of virtual time, with a drill that returns at
 * once: which starts run, which are skipped and why, one line each.
 */

const made: (() => void)[] = [];
afterEach(() => made.splice(0).forEach((remove) => remove()));

const workDir = (): string => {
  const { dir, remove } = tempDir('gameday-schedule-loop-');
  made.push(remove);
  return dir;
};

const base = (text: string, dir: string, extra: Partial<ScheduleOptions> & { clock: ScheduleOptions['clock'] }): ScheduleOptions => ({
  schedule: scheduleFrom(text, dir),
  mode: { kind: 'loop' },
  env: {},
  onEvent: () => {},
  drillOutput: { write: () => {} },
  version: '0.0.0-test',
  ...extra,
});

describe('the scheduler loop', () => {
  it('runs each start on time, in its zone, and skips those in a blackout with one line saying which', async () => {
    const dir = workDir();
    const clock = virtualClock(at('2026-12-14T00:00:00Z')); // a Monday
    const { drill, calls } = fakeDrill(clock);
    const log = recorder();
    const text = [
      'timezone: Europe/Berlin',
      'blackouts:',
      '  - cron: "* * * * 6,0"',
      '    reason: weekend',
      '  - from: 2026-12-17T00:00:00+01:00',
      '    to: 2026-12-18T00:00:00+01:00',
      '    reason: release day',
      'experiments:',
      '  - file: daily.yaml',
      '    cron: "0 10 * * *"',
      '  - file: us.yaml',
      '    cron: "0 10 * * 2"',
      '    timezone: America/New_York',
    ].join('\n');
    const running = await startSchedule(base(text, dir, { clock, drill, onEvent: log.onEvent }));
    clock.stopAt(at('2026-12-21T00:00:00Z'), () => running.stop('end of the test'));
    expect(await running.done).toBe(0);

    expect(calls.map((c) => `${c.entry} ${new Date(c.at).toISOString()}`)).toEqual([
      'daily 2026-12-14T09:00:00.000Z',
      'daily 2026-12-15T09:00:00.000Z',
      'us 2026-12-15T15:00:00.000Z',
      'daily 2026-12-16T09:00:00.000Z',
      'daily 2026-12-18T09:00:00.000Z',
    ]);
    expect(log.lines('skipped')).toEqual([
      'skipped daily: blackout release day (due Thu 2026-12-17 10:00 +01:00)',
      'skipped daily: blackout weekend (due Sat 2026-12-19 10:00 +01:00)',
      'skipped daily: blackout weekend (due Sun 2026-12-20 10:00 +01:00)',
    ]);
    expect(log.lines('started')[0]).toBe('started daily: due Mon 2026-12-14 10:00 +01:00; ' + join(dir, 'daily.yaml'));
    expect(log.lines('finished')[0]).toBe('finished daily: verdict held (exit 0); run folder /nonexistent/run-1');
    expect(log.lines('next').slice(0, 2)).toEqual([
      'next daily: Mon 2026-12-14 10:00 +01:00 (2026-12-14T09:00:00.000Z)',
      'next daily: Tue 2026-12-15 10:00 +01:00 (2026-12-15T09:00:00.000Z)',
    ]);
    // Every event is stamped with the (virtual) time it happened.
    const skipped = log.events.find((e) => e.kind === 'skipped');
    expect(new Date(skipped!.at).toISOString()).toBe('2026-12-17T09:00:00.000Z');
    expect(log.lines('scheduler').at(-1)).toBe('scheduler: stopped');
  });

  it('a start that comes due while a drill runs is missed, not queued; the one after runs', async () => {
    const dir = workDir();
    const clock = virtualClock(at('2026-06-01T09:59:00Z'));
    const { drill, calls } = fakeDrill(clock, { takesMs: 25 * 60_000 });
    const log = recorder();
    const text = 'experiments:\n  - file: a.yaml\n    cron: "0 10 * * *"\n  - file: b.yaml\n    cron: "15 10 * * *"\n';
    const running = await startSchedule(base(text, dir, { clock, drill, onEvent: log.onEvent }));
    clock.stopAt(at('2026-06-02T10:30:00Z'), () => running.stop('end of the test'));
    await running.done;
    expect(calls.map((c) => `${c.entry} ${new Date(c.at).toISOString()}`)).toEqual(['a 2026-06-01T10:00:00.000Z', 'a 2026-06-02T10:00:00.000Z']);
    expect(log.lines('missed')).toEqual([
      'missed b: due Mon 2026-06-01 10:15 +00:00 while a was running; drills do not queue',
      'missed b: due Tue 2026-06-02 10:15 +00:00 while a was running; drills do not queue',
    ]);
  });

  it('while the kill switch file exists no drill starts; once it is removed they start again', async () => {
    const dir = workDir();
    const stopFile = join(dir, 'STOP');
    writeFileSync(stopFile, '');
    const clock = virtualClock(at('2026-06-01T00:00:00Z'));
    const { drill, calls } = fakeDrill(clock);
    const log = recorder();
    const text = `kill_switch: { file: STOP }\nexperiments:\n  - file: a.yaml\n    cron: "0 10 * * *"\n`;
    const running = await startSchedule(base(text, dir, {
      clock,
      drill,
      onEvent: (event) => {
        log.onEvent(event);
        // The second refused start: the operator clears the switch.
        if (log.lines('skipped').length === 2 && event.kind === 'skipped') rmSync(stopFile);
      },
    }));
    clock.stopAt(at('2026-06-04T00:00:00Z'), () => running.stop('end of the test'));
    await running.done;
    expect(log.lines('kill-switch')[0]).toBe(`kill-switch: engaged: ${stopFile} exists; no drill starts until it is removed`);
    expect(log.lines('skipped')).toEqual([
      `skipped a: kill switch file ${stopFile} exists (due Mon 2026-06-01 10:00 +00:00)`,
      `skipped a: kill switch file ${stopFile} exists (due Tue 2026-06-02 10:00 +00:00)`,
    ]);
    expect(log.lines('kill-switch')).toContain(`kill-switch: cleared: ${stopFile} was removed; drills start again`);
    expect(calls.map((c) => new Date(c.at).toISOString())).toEqual(['2026-06-03T10:00:00.000Z']);
  });

  it('a drill that cannot run is one failed line; the scheduler goes on', async () => {
    const dir = workDir();
    const clock = virtualClock(at('2026-06-01T00:00:00Z'));
    const log = recorder();
    let n = 0;
    const drill: RunDrill = async () => {
      n += 1;
      throw new MissingInputError('cannot read experiment file a.yaml: no such file');
    };
    const running = await startSchedule(base('experiments:\n  - file: a.yaml\n    cron: "0 10 * * *"\n', dir, { clock, drill, onEvent: log.onEvent }));
    clock.stopAt(at('2026-06-03T00:00:00Z'), () => running.stop('end of the test'));
    await running.done;
    expect(n).toBe(2);
    expect(log.lines('failed')).toEqual([
      'failed a: the drill did not run: cannot read experiment file a.yaml: no such file',
      'failed a: the drill did not run: cannot read experiment file a.yaml: no such file',
    ]);
  });
});

describe('--once', () => {
  const text = 'experiments:\n  - file: a.yaml\n    cron: "0 10 * * *"\n  - file: b.yaml\n    cron: "5 10 * * *"\n  - file: c.yaml\n    cron: "0 12 * * *"\n';

  it('runs every start due within the window, oldest first, and exits with the highest code', async () => {
    const dir = workDir();
    const clock = virtualClock(at('2026-06-01T10:07:00Z'));
    const log = recorder();
    const codes: Record<string, number> = { a: 1, b: 0 };
    const calls: string[] = [];
    const drill: RunDrill = async ({ entry }) => {
      calls.push(entry.name);
      return { runId: entry.name, dir: `/runs/${entry.name}`, verdict: codes[entry.name] === 1 ? 'deviated' : 'held', exitCode: codes[entry.name] ?? 0, reason: '' };
    };
    const running = await startSchedule(base(text, dir, { clock, drill, onEvent: log.onEvent, mode: { kind: 'once', dueWithinMs: 15 * 60_000 } }));
    expect(await running.done).toBe(1);
    expect(calls).toEqual(['a', 'b']);
  });

  it('with nothing due, runs the next start now', async () => {
    const dir = workDir();
    const clock = virtualClock(at('2026-06-01T10:30:00Z'));
    const log = recorder();
    const { drill, calls } = fakeDrill(clock);
    const running = await startSchedule(base(text, dir, { clock, drill, onEvent: log.onEvent, mode: { kind: 'once', dueWithinMs: 15 * 60_000 } }));
    expect(await running.done).toBe(0);
    expect(calls.map((c) => c.entry)).toEqual(['c']);
    expect(log.lines('scheduler')).toContain('scheduler c: nothing was due in the last 15m; running the next start now (Mon 2026-06-01 12:00 +00:00)');
    expect(log.lines('started')[0]).toMatch(/^started c: due Mon 2026-06-01 12:00 \+00:00; /);
  });

  it('in a blackout, runs nothing and exits 0', async () => {
    const dir = workDir();
    const clock = virtualClock(at('2026-06-06T10:01:00Z')); // a Saturday
    const log = recorder();
    const { drill, calls } = fakeDrill(clock);
    const running = await startSchedule(
      base(`blackouts:\n  - cron: "* * * * 6"\n    reason: Saturday\n${text}`, dir, { clock, drill, onEvent: log.onEvent, mode: { kind: 'once', dueWithinMs: 15 * 60_000 } }),
    );
    expect(await running.done).toBe(0);
    expect(calls).toEqual([]);
    expect(log.lines('skipped')).toEqual(['skipped a: blackout Saturday (due Sat 2026-06-06 10:00 +00:00)']);
  });

  it('an after-run step that fails raises the exit code to its own', async () => {
    const dir = workDir();
    const clock = virtualClock(at('2026-06-01T10:01:00Z'));
    const { drill } = fakeDrill(clock);
    const log = recorder();
    const running = await startSchedule(
      base(`after_run: { site: true }\n${text}`, dir, {
        clock,
        drill,
        onEvent: log.onEvent,
        mode: { kind: 'once', dueWithinMs: 5 * 60_000 },
        buildSite: async () => {
          throw new GamedayError('no postmortems to build from', { exitCode: 66 });
        },
      }),
    );
    expect(await running.done).toBe(66);
    expect(log.lines('failed')).toEqual(['failed a: site: no postmortems to build from']);
  });

  it('after_run.site without a site builder says so and goes on', async () => {
    const dir = workDir();
    const clock = virtualClock(at('2026-06-01T10:01:00Z'));
    const { drill } = fakeDrill(clock);
    const log = recorder();
    const running = await startSchedule(base(`after_run: { site: true }\n${text}`, dir, { clock, drill, onEvent: log.onEvent, mode: { kind: 'once', dueWithinMs: 5 * 60_000 } }));
    expect(await running.done).toBe(0);
    expect(log.lines('warning')).toEqual(['warning a: site: not built: this gameday has no site builder (runner/site); build it by hand']);
  });

  it('buildSite gets the postmortems folder and the site folder, absolute', async () => {
    const dir = workDir();
    const clock = virtualClock(at('2026-06-01T10:01:00Z'));
    const { drill } = fakeDrill(clock);
    const log = recorder();
    const asked: unknown[] = [];
    const running = await startSchedule(
      base(`after_run: { site: true, postmortems_dir: pm, site_dir: out/site }\n${text}`, dir, {
        clock,
        drill,
        onEvent: log.onEvent,
        mode: { kind: 'once', dueWithinMs: 5 * 60_000 },
        buildSite: async (options) => asked.push(options),
      }),
    );
    expect(await running.done).toBe(0);
    expect(asked).toEqual([{ postmortemsDir: join(dir, 'pm'), outDir: join(dir, 'out/site') }]);
    expect(log.lines('site')).toEqual([`site a: built ${join(dir, 'out/site')}`]);
  });
});
