import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { experimentDrill, startSchedule, type RunningSchedule, type ScheduleEvent } from '../../runner/schedule/index.ts';
import { eventsOf, namesOnServer, startDrillWorld, waitForRunEvent, writeDrill, type DrillWorld } from './drill-fixture.ts';
import { at, recorder, scheduleFrom, tempDir, virtualClock } from './fixtures.ts';

/**
 * The kill switch stopping a real drill on the embedded Toxiproxy: by its
 * file appearing and by POST /stop. The drill rolls back as on Ctrl-C
 * (verdict aborted_operator), nothing of it stays on the server, and the
 * next start is refused while the switch is pulled.
 */

let world: DrillWorld;
let work: { dir: string; remove(): void };
let running: RunningSchedule | undefined;

beforeEach(async () => {
  world = await startDrillWorld();
  work = tempDir('gameday-schedule-kill-');
});

afterEach(async () => {
  running?.stop('test over');
  await running?.done.catch(() => undefined);
  running = undefined;
  await world.close();
  work.remove();
});

const SCHEDULE = (killSwitch: string): string => `runs_dir: runs
lock: schedule.lock
kill_switch: ${killSwitch}
experiments:
  - file: drill.yaml
    cron: "* * * * *"
`;

/** Starts the scheduler on a virtual clock a second before a start; it stops itself at the first refused start. */
async function schedule(killSwitch: string, log: ReturnType<typeof recorder>): Promise<RunningSchedule> {
  await writeDrill(work.dir, world, { name: 'drill', faultFor: '60s' });
  const clock = virtualClock(at('2026-06-01T09:59:59Z'));
  const started: RunningSchedule = await startSchedule({
    schedule: scheduleFrom(SCHEDULE(killSwitch), work.dir),
    mode: { kind: 'loop' },
    env: {},
    onEvent: (event: ScheduleEvent) => {
      log.onEvent(event);
      if (event.kind === 'skipped' && event.text.startsWith('kill switch')) started.stop('the test saw the refused start');
    },
    drillOutput: { write: () => {} },
    version: 'test',
    clock,
    drill: experimentDrill({ runsDir: join(work.dir, 'runs'), env: { TOXIPROXY_URL: world.toxiproxy.url }, output: { write: () => {} }, watchdog: false }),
  });
  return started;
}

/** What every stopped drill must show: rolled back as on Ctrl-C, its run ended aborted by the operator, the server clean. */
async function expectStoppedDrill(runDir: string, why: RegExp): Promise<void> {
  const events = eventsOf(runDir);
  expect(events.find((e) => e.type === 'operator.abort')).toMatchObject({ signal: expect.stringMatching(why) });
  expect(events.find((e) => e.type === 'rollback.completed')).toMatchObject({ complete: true, left: [] });
  expect(events.at(-1)).toMatchObject({ type: 'run.ended', verdict: 'aborted_operator', exit_code: 5 });
  expect(await namesOnServer(world.client)).toEqual([]);
}

describe('the kill switch stops a running drill', { timeout: 60_000 }, () => {
  it('by its file: rolled back, aborted by the operator, nothing left; the next start is refused', async () => {
    const log = recorder();
    running = await schedule('{ file: STOP, poll: 50ms }', log);
    const { runDir } = await waitForRunEvent(join(work.dir, 'runs'), 'fault.injected', 20_000);
    expect((await namesOnServer(world.client)).length).toBe(2); // the run's proxy and its toxic

    const stopFile = join(work.dir, 'STOP');
    writeFileSync(stopFile, '');
    expect(await running.done).toBe(0);

    await expectStoppedDrill(runDir, /^kill switch file .*STOP exists$/);
    expect(log.lines('kill-switch')).toEqual([`kill-switch: engaged: ${stopFile} appeared; stopping everything`]);
    expect(log.lines('finished')).toEqual([
      `finished drill: verdict aborted_operator (exit 5): stopped by kill switch file ${stopFile} exists; run folder ${runDir}`,
    ]);
    expect(log.lines('skipped')).toEqual([
      `skipped drill: after-run steps: the kill switch stopped the drill (write its postmortem later with gameday postmortem ${runDir})`,
      `skipped drill: kill switch file ${stopFile} exists (due Mon 2026-06-01 10:01 +00:00)`,
    ]);
    expect(log.lines('started')).toHaveLength(1);
    expect(existsSync(join(work.dir, 'schedule.lock'))).toBe(false);
  });

  it('by POST /stop: the same; GET /status shows the drill running, then the switch pulled', async () => {
    const log = recorder();
    running = await schedule('{ http: "127.0.0.1:0" }', log);
    const url = running.killSwitchUrl!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { runDir } = await waitForRunEvent(join(work.dir, 'runs'), 'fault.injected', 20_000);

    const during = await (await fetch(`${url}/status`)).json();
    expect(during).toMatchObject({ kill_switch: { engaged: false }, running: { entry: 'drill', due: '2026-06-01T10:00:00.000Z' } });

    const stopped = await fetch(`${url}/stop?by=alice`, { method: 'POST' });
    expect(stopped.status).toBe(200);
    expect(await stopped.json()).toMatchObject({ kill_switch: { engaged: true, why: expect.stringMatching(/^kill switch pulled by alice at /) } });
    expect(await running.done).toBe(0);

    await expectStoppedDrill(runDir, /^kill switch pulled by alice at /);
    expect(log.lines('kill-switch')).toContain('kill-switch: engaged by alice; stopping everything');
    expect(log.lines('finished')[0]).toMatch(/^finished drill: verdict aborted_operator \(exit 5\): stopped by kill switch pulled by alice at /);
    expect(log.lines('skipped').at(-1)).toMatch(/^skipped drill: kill switch pulled by alice at \S+ \(due Mon 2026-06-01 10:01 \+00:00\)$/);
  });
});
