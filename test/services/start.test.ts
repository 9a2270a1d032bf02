import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ServiceConfigError,
  ServiceExitedError,
  ServiceNotHealthyError,
  ServicesAbortedError,
  ServiceStartError,
  startServices,
  type RunningServices,
  type ServiceToStart,
  type StartServicesOptions,
} from '../../runner/services/index.ts';
import { freePort, gone, healthAt, NODE, running, Sandbox } from './fixtures.ts';

const sandboxes: Sandbox[] = [];
const started: RunningServices[] = [];
afterEach(async () => {
  for (const services of started.splice(0)) await services.stop();
  for (const sandbox of sandboxes.splice(0)) sandbox.cleanup();
});

const sandbox = (): Sandbox => {
  const box = new Sandbox();
  sandboxes.push(box);
  return box;
};

const options = (box: Sandbox, extra: Partial<StartServicesOptions> = {}): StartServicesOptions => ({
  experimentDir: box.dir,
  runDir: box.runDir,
  journal: box.journal,
  ...extra,
});

const start = async (services: ServiceToStart[], opts: StartServicesOptions): Promise<RunningServices> => {
  const result = await startServices(services, opts);
  started.push(result);
  return result;
};

/** A service running server.mjs on `port`, as an experiment would declare it. */
const server = (name: string, port: number, env: Record<string, string> = {}, readyMs = 10_000): ServiceToStart => ({
  name,
  health: healthAt(port),
  // `exec`: the shell becomes node, so the service's own exit code is what gets recorded.
  start: { command: `exec ${NODE} server.mjs`, env: { PORT: String(port), ...env }, ready_timeout: readyMs },
});

describe('startServices', () => {
  it('starts a service, waits until healthy, stops it with SIGTERM, and journals both', async () => {
    const box = sandbox();
    const port = await freePort();
    const lines: string[] = [];
    // Healthy only after 400 ms: the wait has to poll through a few 503s.
    const services = await start([server('api', port, { READY_AFTER_MS: '400' })], options(box, { log: (l) => lines.push(l), env: { GAMEDAY_RUN_ID: 'r-1' } }));

    const [api] = services.services;
    expect(api).toMatchObject({ name: 'api', pgid: api?.pid, logPath: join(box.runDir, 'services', 'api.log') });
    expect(running(api!.pid)).toBe(true);
    expect(lines.some((l) => l.startsWith('service api: healthy after'))).toBe(true);

    const stopped = await services.stop();
    expect(stopped).toEqual([{ name: 'api', exit: { code: 0, signal: null }, forced: false, unexpected: false, leftRunning: false }]);
    expect(await gone(api!.pid)).toBe(true);
    expect(readFileSync(api!.logPath, 'utf8')).toContain('got SIGTERM');

    const events = box.events().filter((e) => e.type.startsWith('service.'));
    expect(events).toEqual([
      expect.objectContaining({
        type: 'service.started', service: 'api', pid: api!.pid, pgid: api!.pid,
        command: `exec ${NODE} server.mjs`, url: `http://127.0.0.1:${port}/health`, log: api!.logPath,
      }),
      expect.objectContaining({ type: 'service.stopped', service: 'api', code: 0, signal: null, forced: false, unexpected: false }),
    ]);
    // Idempotent: the same answer, no second event.
    expect(await services.stop()).toEqual(stopped);
    expect(box.events().filter((e) => e.type === 'service.stopped')).toHaveLength(1);
  });

  it('runs the command in start.cwd (relative to the experiment) with start.env and gameday env over process.env', async () => {
    const box = sandbox();
    const port = await freePort();
    const service: ServiceToStart = {
      name: 'env',
      health: healthAt(port),
      start: {
        command: `pwd > cwd.txt; echo "$GAMEDAY_RUN_ID $MINE" > env.txt; exec ${NODE} ../server.mjs`,
        cwd: 'run',
        env: { PORT: String(port), MINE: 'from-start', GAMEDAY_RUN_ID: 'from-start' },
        ready_timeout: 10_000,
      },
    };
    await start([service], options(box, { env: { GAMEDAY_RUN_ID: 'r-42' } }));
    expect(readFileSync(join(box.runDir, 'cwd.txt'), 'utf8').trim()).toBe(box.runDir);
    expect(readFileSync(join(box.runDir, 'env.txt'), 'utf8').trim()).toBe('r-42 from-start');
  });

  it('reports a command that exits at once, with its exit code and the tail of its log', async () => {
    const box = sandbox();
    const port = await freePort();
    const broken: ServiceToStart = {
      name: 'broken',
      health: healthAt(port),
      start: { command: 'echo "config file missing: /etc/broken.yaml" >&2; exit 3', ready_timeout: 10_000 },
    };
    const error = await startServices([broken], options(box)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceExitedError);
    const exited = error as ServiceExitedError;
    expect(exited.service).toBe('broken');
    expect(exited.exit).toEqual({ code: 3, signal: null });
    expect(exited.exitCode).toBe(69);
    expect(exited.logTail).toBe('config file missing: /etc/broken.yaml');
    expect(exited.message).toMatch(/^service broken: its start command exited with code 3 before it was healthy/);
    expect(exited.message).toContain('--- last lines of its log ---\nconfig file missing: /etc/broken.yaml');
    expect(box.events().filter((e) => e.type === 'service.stopped')).toEqual([
      expect.objectContaining({ service: 'broken', code: 3, unexpected: true }),
    ]);
  });

  it('times out a service that never gets healthy, naming the last check, and stops it', async () => {
    const box = sandbox();
    const port = await freePort();
    const sick = server('sick', port, { HEALTH_STATUS: '500' }, 1_000);
    const error = await startServices([sick], options(box)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceNotHealthyError);
    const notHealthy = error as ServiceNotHealthyError;
    expect(notHealthy.lastError).toBe(`GET http://127.0.0.1:${port}/health answered 500 (expected any 2xx)`);
    expect(notHealthy.message).toMatch(/^service sick was not healthy within 1000 ms of starting; last check: GET .* answered 500/);
    expect(notHealthy.logTail).toBe(`listening on ${port}`);

    const startedEvent = box.events().find((e) => e.type === 'service.started');
    expect(startedEvent?.type === 'service.started' && (await gone(startedEvent.pid!))).toBe(true);
    expect(box.events().filter((e) => e.type === 'service.stopped')).toEqual([
      expect.objectContaining({ service: 'sick', code: 0, unexpected: false }),
    ]);
  });

  it('accepts the statuses health.status lists', async () => {
    const box = sandbox();
    const port = await freePort();
    const service = { ...server('teapot', port, { HEALTH_STATUS: '418' }), health: healthAt(port, { status: [200, 418] }) };
    await expect(start([service], options(box))).resolves.toBeDefined();
  });

  it('stops the whole process group: a child and the grandchild it spawned', async () => {
    const box = sandbox();
    const port = await freePort();
    const family: ServiceToStart = {
      name: 'family',
      health: healthAt(port),
      start: { command: `${NODE} parent.mjs`, env: { PORT: String(port) }, ready_timeout: 10_000 },
    };
    const services = await start([family], options(box));
    const grandchild = Number(box.read('grandchild.pid'));
    const parent = services.services[0]!.pid;
    expect(running(grandchild)).toBe(true);

    const [result] = await services.stop();
    expect(result).toMatchObject({ forced: false, leftRunning: false });
    expect(await gone(parent)).toBe(true);
    expect(await gone(grandchild)).toBe(true);
  });

  it('SIGKILLs a group that outlives the grace period after SIGTERM', async () => {
    const box = sandbox();
    const port = await freePort();
    const family: ServiceToStart = {
      name: 'stubborn',
      health: healthAt(port),
      start: { command: `${NODE} parent.mjs`, env: { PORT: String(port), STUBBORN: '1' }, ready_timeout: 10_000 },
    };
    const services = await start([family], options(box, { stopGraceMs: 300 }));
    const grandchild = Number(box.read('grandchild.pid'));

    const [result] = await services.stop();
    expect(result).toMatchObject({ forced: true, leftRunning: false });
    expect(await gone(grandchild)).toBe(true);
    expect(readFileSync(services.services[0]!.logPath, 'utf8')).toContain('grandchild ignores SIGTERM');
    expect(box.events().filter((e) => e.type === 'service.stopped')).toEqual([expect.objectContaining({ service: 'stubborn', forced: true })]);
  });

  it('starts services in order and, when a later one fails, stops the earlier ones', async () => {
    const box = sandbox();
    const [first, second] = [await freePort(), await freePort()];
    const failing: ServiceToStart = { name: 'second', health: healthAt(second), start: { command: 'exit 1', ready_timeout: 5_000 } };
    const error = await startServices([server('first', first), failing], options(box)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceExitedError);
    const stopped = box.events().filter((e) => e.type === 'service.stopped').map((e) => e.type === 'service.stopped' && e.service);
    expect(stopped.sort()).toEqual(['first', 'second']);
    for (const event of box.events()) {
      if (event.type === 'service.started') expect(await gone(event.pid!)).toBe(true);
    }
  });

  it('only checks a service without start, and fails clearly when it is down', async () => {
    const box = sandbox();
    const port = await freePort();
    const theirs: ServiceToStart = { name: 'theirs', health: healthAt(port) };
    const error = await startServices([theirs], options(box)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceNotHealthyError);
    expect((error as Error).message).toMatch(/^service theirs is not healthy: GET .*ECONNREFUSED.* \(gameday does not start it/);
    expect(box.events().filter((e) => e.type.startsWith('service.'))).toEqual([]);
  });

  it('refuses to start a service whose health URL already answers (a leftover), starting nothing', async () => {
    const box = sandbox();
    const port = await freePort();
    const first = await start([server('old', port)], options(box));
    const error = await startServices([server('new', port)], options(box)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceStartError);
    expect((error as Error).message).toContain(`something already answers at http://127.0.0.1:${port}/health (status 200)`);
    expect(box.events().filter((e) => e.type === 'service.started')).toHaveLength(1);
    await first.stop();
  });

  it('checks every start.cwd before starting anything', async () => {
    const box = sandbox();
    const port = await freePort();
    const lost: ServiceToStart = { name: 'lost', start: { command: 'true', cwd: 'no/such/dir', ready_timeout: 1_000 } };
    const error = await startServices([server('fine', port), lost], options(box)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceConfigError);
    expect((error as Error).message).toContain(`service lost: start.cwd ${join(box.dir, 'no/such/dir')} is not a directory`);
    expect(box.events()).toEqual([]);
  });

  it('stops what it started when the run is aborted while waiting', async () => {
    const box = sandbox();
    const port = await freePort();
    const abort = new AbortController();
    const slow = server('slow', port, { READY_AFTER_MS: '60000' });
    const pending = startServices([slow], options(box, { signal: abort.signal })).catch((e: unknown) => e);
    setTimeout(() => abort.abort(), 300);
    expect(await pending).toBeInstanceOf(ServicesAbortedError);
    const startedEvent = box.events().find((e) => e.type === 'service.started');
    expect(startedEvent?.type === 'service.started' && (await gone(startedEvent.pid!))).toBe(true);
  });

  it('journals a service that exits by itself after it was healthy', async () => {
    const box = sandbox();
    const port = await freePort();
    const lines: string[] = [];
    const services = await start([server('crashy', port)], options(box, { log: (l) => lines.push(l) }));
    process.kill(services.services[0]!.pid, 'SIGKILL');
    await expect.poll(() => box.events().filter((e) => e.type === 'service.stopped'), { timeout: 5_000 }).toEqual([
      expect.objectContaining({ service: 'crashy', code: null, signal: 'SIGKILL', unexpected: true }),
    ]);
    expect(lines).toContainEqual(expect.stringContaining('service crashy was killed by SIGKILL by itself'));
    expect(await services.stop()).toEqual([expect.objectContaining({ unexpected: true, forced: false })]);
    expect(box.events().filter((e) => e.type === 'service.stopped')).toHaveLength(1);
  });
});
