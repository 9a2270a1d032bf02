import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isRunning } from '../../runner/recover/index.ts';
import { eventsIn, startServer, tempDir, type TestServer } from '../faults/fixtures.ts';
import { waitFor } from '../recover/fixtures.ts';

// A real watchdog process, started by a stand-in runner exactly as `gameday run` starts it.

const DUMMY = fileURLToPath(new URL('./fixtures/dummy-runner.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RUN = '20250301-101500-watchdog-test-0a1b';

let toxiproxy: TestServer;
let run: ReturnType<typeof tempDir>;
let runner: ChildProcess | undefined;
let watchdogPid: number | undefined;

beforeEach(async () => {
  toxiproxy = await startServer();
  run = tempDir('watchdog');
});
afterEach(async () => {
  runner?.kill('SIGKILL');
  runner = undefined;
  if (watchdogPid !== undefined && isRunning(watchdogPid)) process.kill(watchdogPid, 'SIGKILL');
  watchdogPid = undefined;
  run.remove();
  await toxiproxy.server.close();
});

/** Starts the stand-in runner; resolves once its proxy and toxic are on the server and its watchdog is started. */
const startRunner = async (mode?: 'end'): Promise<ChildProcess> => {
  const child = spawn(process.execPath, ['--import', 'tsx', DUMMY, run.dir, toxiproxy.server.url, RUN, ...(mode ? [mode] : [])], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  runner = child;
  let out = '';
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /ready (\d+)/.exec(out);
      if (ready !== null) {
        watchdogPid = Number(ready[1]);
        resolve();
      }
    });
    child.once('exit', (code) => (mode === 'end' && watchdogPid !== undefined ? resolve() : reject(new Error(`runner exited (${code}): ${err}`))));
  });
  return child;
};

const watchdogLog = (): string => readFileSync(join(run.dir, 'watchdog.log'), 'utf8');

// Process start-up (tsx) and the 5 s heartbeat limit make these slower than most; the limits asserted are the behaviour's own.
describe('the watchdog', { timeout: 30_000 }, () => {
  it('removes the run\'s proxy and toxic within 10 s of the runner being killed with SIGKILL', async () => {
    const child = await startRunner();
    const proxy = `db.gd-${RUN}`;
    expect((await toxiproxy.client.listToxics(proxy)).map((toxic) => toxic.name)).toEqual([`slow-db.gd-${RUN}`]);
    // Another team's proxy on the same server stays.
    await toxiproxy.client.createProxy({ name: 'theirs', listen: '127.0.0.1:0', upstream: '127.0.0.1:5432' });

    child.kill('SIGKILL');
    const killedAt = Date.now();
    await waitFor(async () => !(proxy in (await toxiproxy.client.listProxies())), 10_000, 'the watchdog to delete the proxy');
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    expect(Object.keys(await toxiproxy.client.listProxies())).toEqual(['theirs']);

    await waitFor(() => !isRunning(watchdogPid!), 5_000, 'the watchdog to exit');
    const events = eventsIn(run.dir);
    expect(events.at(-2)).toMatchObject({ type: 'run.recovered', source: 'watchdog', runner: 'gone', complete: true });
    expect(events.at(-1)).toMatchObject({ type: 'run.ended', source: 'watchdog', verdict: 'rollback_incomplete' });
    expect(watchdogLog()).toContain('is gone; recovering');
  });

  it('exits quietly when the run ends by itself', async () => {
    const child = await startRunner('end');
    await waitFor(() => child.exitCode !== null, 10_000, 'the runner to finish');
    await waitFor(() => !isRunning(watchdogPid!), 5_000, 'the watchdog to exit');
    expect(eventsIn(run.dir).map((event) => event.source)).not.toContain('watchdog');
    expect(watchdogLog()).toContain('the run has ended');
  });

  it('recovers when the runner lives but its heartbeat stops, without ending the run for it', async () => {
    const child = await startRunner();
    child.kill('SIGSTOP');
    await waitFor(async () => Object.keys(await toxiproxy.client.listProxies()).length === 0, 12_000, 'the watchdog to clean up');
    await waitFor(() => !isRunning(watchdogPid!), 5_000, 'the watchdog to exit');
    const events = eventsIn(run.dir);
    expect(events.at(-1)).toMatchObject({ type: 'run.recovered', source: 'watchdog', runner: 'stale' });
    expect(events.map((event) => event.type)).not.toContain('run.ended');
  });
});
