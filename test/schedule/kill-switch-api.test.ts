import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UnavailableError } from '../../runner/errors.ts';
import { startSchedule, type RunDrill, type RunningSchedule, type ScheduleOptions } from '../../runner/schedule/index.ts';
import { at, fakeDrill, frozenClock, recorder, scheduleFrom, tempDir, virtualClock } from './fixtures.ts';

/** The kill switch's HTTP API and its rules, with a drill that ends at once or waits to be stopped. */

const made: (() => void)[] = [];
const started: RunningSchedule[] = [];
afterEach(async () => {
  for (const one of started.splice(0)) {
    one.stop('test over');
    await one.done.catch(() => undefined);
  }
  made.splice(0).forEach((remove) => remove());
});

const workDir = (): string => {
  const { dir, remove } = tempDir('gameday-schedule-api-');
  made.push(remove);
  return dir;
};

const options = (dir: string, text: string, extra: Partial<ScheduleOptions>): ScheduleOptions => ({
  schedule: scheduleFrom(text, dir),
  mode: { kind: 'loop' },
  env: {},
  onEvent: () => {},
  drillOutput: { write: () => {} },
  version: 'test',
  ...extra,
});

const post = async (url: string): Promise<{ status: number; body: Record<string, unknown> }> => {
  const response = await fetch(url, { method: 'POST' });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

const TEXT = 'lock: l.lock\nkill_switch: { file: STOP, http: "127.0.0.1:0", poll: 20ms }\nexperiments:\n  - file: a.yaml\n    cron: "0 10 * * *"\n';

describe('the kill switch API', () => {
  it('POST /stop refuses starts until POST /resume; /resume is refused (409) while the file exists', async () => {
    const dir = workDir();
    const clock = virtualClock(at('2026-06-01T00:00:00Z'));
    const { drill, calls } = fakeDrill(clock);
    const log = recorder();
    // Held at a start until the test has looked: the virtual clock would otherwise run through days at once.
    let gate: () => void = () => {};
    let gated = new Promise<void>((resolve) => (gate = resolve));
    const running = await startSchedule(
      options(dir, TEXT, {
        clock: { now: clock.now, sleep: async (ms, signal) => { await gated; await clock.sleep(ms, signal); } },
        drill,
        onEvent: log.onEvent,
      }),
    );
    started.push(running);
    const url = running.killSwitchUrl!;

    expect(await post(`${url}/stop?by=bob`)).toMatchObject({ status: 200, body: { kill_switch: { engaged: true, why: 'kill switch pulled by bob at 2026-06-01T00:00:00.000Z' } } });
    writeFileSync(join(dir, 'STOP'), '');
    expect(await post(`${url}/resume`)).toEqual({ status: 409, body: { error: `the kill switch file ${join(dir, 'STOP')} exists; remove it to resume` } });
    rmSync(join(dir, 'STOP'));
    // Still pulled over HTTP: the file going does not clear that.
    gate();
    await waitFor(() => log.lines('skipped').length >= 1);
    gated = new Promise<void>((resolve) => (gate = resolve));
    expect(log.lines('skipped')[0]).toBe('skipped a: kill switch pulled by bob at 2026-06-01T00:00:00.000Z (due Mon 2026-06-01 10:00 +00:00)');
    expect(calls).toEqual([]);

    expect(await post(`${url}/resume?by=bob`)).toMatchObject({ status: 200, body: { kill_switch: { engaged: false } } });
    gate();
    await waitFor(() => calls.length >= 1);
    expect(new Date(calls[0]!.at).toISOString()).toBe('2026-06-02T10:00:00.000Z');
    expect(log.lines('kill-switch')).toEqual([
      expect.stringMatching(/^kill-switch: listening on http:\/\/127\.0\.0\.1:\d+ /),
      'kill-switch: engaged by bob; stopping everything',
      `kill-switch: engaged: ${join(dir, 'STOP')} appeared; stopping everything`,
      `kill-switch: ${join(dir, 'STOP')} was removed; still pulled over HTTP until POST /resume`,
      'kill-switch: cleared by bob; drills start again',
    ]);
  });

  it('answers 404 and 405 for what it does not do; GET /status says what starts next', async () => {
    const dir = workDir();
    const waiting = await startSchedule(options(dir, TEXT, { clock: frozenClock(at('2026-06-01T00:00:00Z')), drill: fakeDrill(virtualClock(0)).drill }));
    started.push(waiting);
    const url = waiting.killSwitchUrl!;
    expect((await fetch(`${url}/nope`)).status).toBe(404);
    expect((await fetch(`${url}/stop`)).status).toBe(405);
    expect(await (await fetch(`${url}/status`)).json()).toMatchObject({ kill_switch: { engaged: false, file: { path: join(dir, 'STOP'), present: false } }, running: null, next: { entry: 'a', at: '2026-06-01T10:00:00.000Z' } });
  });

  it('a port that is taken: the scheduler does not start (exit 69); --once goes on without the API', async () => {
    const dir = workDir();
    const holder = await startSchedule(options(dir, TEXT, { clock: frozenClock(0), drill: fakeDrill(virtualClock(0)).drill }));
    started.push(holder);
    const port = new URL(holder.killSwitchUrl!).port;
    const taken = TEXT.replace('127.0.0.1:0', `127.0.0.1:${port}`);
    await expect(startSchedule(options(dir, taken, { clock: virtualClock(0), drill: fakeDrill(virtualClock(0)).drill }))).rejects.toThrow(UnavailableError);
    await expect(startSchedule(options(dir, taken, { clock: virtualClock(0), drill: fakeDrill(virtualClock(0)).drill }))).rejects.toThrow(
      `the kill switch cannot listen on 127.0.0.1:${port}: the port is taken (another gameday schedule?) (change kill_switch.http)`,
    );
    const log = recorder();
    const once = await startSchedule(options(dir, taken, { clock: virtualClock(at('2026-06-01T10:01:00Z')), drill: fakeDrill(virtualClock(0)).drill, onEvent: log.onEvent, mode: { kind: 'once', dueWithinMs: 5 * 60_000 } }));
    expect(await once.done).toBe(0);
    expect(log.lines('warning')[0]).toMatch(/the port is taken .*; the file and Ctrl-C still stop the drill$/);
  });

  it('stopping the scheduler (Ctrl-C) stops the running drill the same way, with the signal\'s name', async () => {
    const dir = workDir();
    let askedToStop: string | undefined;
    const drill: RunDrill = async ({ stopRequested }) => {
      askedToStop = await stopRequested;
      return { runId: 'r', dir: '/runs/r', verdict: 'aborted_operator', exitCode: 5, reason: `stopped by ${askedToStop}` };
    };
    let sigint: (signal: string) => void = () => {};
    const log = recorder();
    const running = await startSchedule(
      options(dir, TEXT, {
        clock: virtualClock(at('2026-06-01T10:01:00Z')),
        drill,
        onEvent: log.onEvent,
        mode: { kind: 'once', dueWithinMs: 5 * 60_000 },
        stopRequested: new Promise<string>((resolve) => (sigint = resolve)),
      }),
    );
    await waitFor(() => log.lines('started').length === 1);
    sigint('SIGINT');
    expect(await running.done).toBe(5);
    expect(askedToStop).toBe('SIGINT');
    expect(log.lines('scheduler')).toContain('scheduler: stopping (SIGINT): rolling back a first');
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the scheduler');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
