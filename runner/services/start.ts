import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Service } from '../experiment/index.ts';
import { ServiceConfigError, ServiceExitedError, ServiceNotHealthyError, ServicesAbortedError, ServiceStartError } from './errors.ts';
import { checkHealth, type HealthCheck } from './health.ts';
import { readLogTail } from './log-tail.ts';
import { spawnInGroup, type GroupProcess } from './process.ts';
import { waitUntilReady } from './ready.ts';
import { RunningServices, type ServiceJournal } from './running.ts';

/** What startServices reads of a service. */
export type ServiceToStart = Pick<Service, 'name' | 'url' | 'health' | 'start'>;
type StartSpec = NonNullable<Service['start']>;

export interface StartServicesOptions {
  /** Directory of the experiment file; `start.cwd` is relative to it. */
  experimentDir: string;
  /** The run's directory; logs go to `<runDir>/services/<name>.log`. */
  runDir: string;
  journal: ServiceJournal;
  /** Aborting stops the start: what was started is stopped and ServicesAbortedError is thrown. */
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** Variables gameday gives every command (GAMEDAY_RUN_ID, …); they win over `start.env` and process.env. */
  env?: Record<string, string>;
  /** Time between SIGTERM and SIGKILL when stopping, in milliseconds. Default 5000. */
  stopGraceMs?: number;
  /** Pause between two health checks while waiting, in milliseconds. Default 150. */
  pollMs?: number;
  /** Monotonic milliseconds; default performance.now. */
  now?: () => number;
}

/**
 * A service with `start` and no `health` counts as started when its command
 * is still running this long after spawning, in milliseconds.
 */
const SETTLE_MS = 500;

/**
 * Brings up the services of a run, in the order given, each healthy before
 * the next starts (so a service may call the ones before it at startup):
 * - with `start`: spawns `/bin/sh -c command` in its own process group, in
 *   `start.cwd` (relative to the experiment's directory), env = process.env
 *   + `start.env` + `options.env`; journals `service.started`; waits until
 *   `health` passes within `start.ready_timeout`;
 * - without `start` but with `health`: checks once that it is healthy (the
 *   team runs it);
 * - with neither: nothing to do.
 * Every `cwd` is checked before anything starts. On any failure the
 * services started so far are stopped and the error is thrown:
 * ServiceConfigError, ServiceExitedError, ServiceNotHealthyError,
 * ServiceStartError, ServicesAbortedError.
 */
export const startServices = async (
  services: readonly ServiceToStart[],
  options: StartServicesOptions,
): Promise<RunningServices> => {
  const log = options.log ?? (() => undefined);
  const cwds = new Map(services.flatMap((s) => (s.start ? [[s.name, startDirectory(s.name, s.start, options.experimentDir)] as const] : [])));
  const logDir = join(options.runDir, 'services');
  if (cwds.size > 0) mkdirSync(logDir, { recursive: true });
  const running = new RunningServices({ journal: options.journal, log, graceMs: options.stopGraceMs ?? 5_000 });
  try {
    for (const service of services) {
      if (options.signal?.aborted) throw new ServicesAbortedError(service.name);
      const cwd = cwds.get(service.name);
      if (service.start && cwd !== undefined) {
        await startOne(service, service.start, { ...options, cwd, logPath: join(logDir, `${service.name}.log`), running, log });
      } else if (service.health) {
        await checkOnly(service.name, service.health, options.signal, log);
      }
    }
  } catch (error) {
    await running.stop();
    throw error;
  }
  return running;
};

/** The absolute directory to run in; throws ServiceConfigError when it is not a directory. */
const startDirectory = (name: string, start: StartSpec, experimentDir: string): string => {
  const cwd = resolve(experimentDir, start.cwd ?? '.');
  let isDirectory = false;
  try {
    isDirectory = statSync(cwd).isDirectory();
  } catch {
    // missing: reported below
  }
  if (!isDirectory) {
    throw new ServiceConfigError(name, `start.cwd ${cwd} is not a directory (start.cwd is relative to the experiment file's directory, ${experimentDir})`);
  }
  return cwd;
};

interface StartContext extends StartServicesOptions {
  cwd: string;
  logPath: string;
  running: RunningServices;
  log: (line: string) => void;
}

const startOne = async (service: ServiceToStart, start: StartSpec, context: StartContext): Promise<void> => {
  const { name, health } = service;
  if (health) await refuseIfTaken(name, health, context.signal);
  let proc: GroupProcess;
  try {
    proc = await spawnInGroup({
      command: start.command,
      cwd: context.cwd,
      env: { ...process.env, ...start.env, ...context.env },
      logPath: context.logPath,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ServiceStartError(name, `service ${name}: could not run /bin/sh -c ${JSON.stringify(start.command)} in ${context.cwd}: ${reason}`, '', { cause: error });
  }
  context.running.add({ name, pid: proc.pid, pgid: proc.pgid, logPath: context.logPath }, proc);
  const url = service.url ?? health?.url;
  context.journal.write({
    source: 'runner',
    type: 'service.started',
    service: name,
    pid: proc.pid,
    pgid: proc.pgid,
    command: start.command,
    log: context.logPath,
    ...(url === undefined ? {} : { url }),
  });
  context.log(`service ${name}: started (pid ${proc.pid}), log ${context.logPath}`);

  const now = context.now ?? (() => performance.now());
  const outcome = health
    ? await waitUntilReady(health, {
        timeoutMs: start.ready_timeout,
        pollMs: context.pollMs ?? 150,
        exited: proc.exited,
        now,
        ...(context.signal === undefined ? {} : { signal: context.signal }),
      })
    : await settle(proc, context.signal);
  switch (outcome.kind) {
    case 'healthy':
      context.log(`service ${name}: healthy after ${Math.round(outcome.afterMs)} ms`);
      return;
    case 'exited':
      throw new ServiceExitedError(name, outcome.exit, context.logPath, readLogTail(context.logPath));
    case 'timeout':
      throw new ServiceNotHealthyError(name, outcome.lastError, {
        started: true,
        readyTimeoutMs: start.ready_timeout,
        logPath: context.logPath,
        logTail: readLogTail(context.logPath),
      });
    case 'aborted':
      throw new ServicesAbortedError(name);
  }
};

/**
 * Something already answering at the health URL would pass the check while
 * the new command fails to bind: most often a service left over from an
 * earlier run. Only a connection that is refused or not answered is free.
 */
const refuseIfTaken = async (name: string, health: HealthCheck, signal: AbortSignal | undefined): Promise<void> => {
  const before = await checkHealth(health, signal === undefined ? {} : { signal });
  const { status } = before;
  if (status === undefined) return;
  throw new ServiceStartError(
    name,
    `service ${name}: something already answers at ${health.url} (status ${status}) before gameday started it; ` +
      `stop it first (a service left by an earlier run? see gameday recover), or drop services[].start to use the running one`,
  );
};

/** Waits SETTLE_MS for a service without a health check, failing only if it exits meanwhile. */
const settle = async (proc: GroupProcess, signal: AbortSignal | undefined) => {
  const result = await Promise.race([
    proc.exited.then((exit) => ({ kind: 'exited' as const, exit })),
    new Promise<{ kind: 'healthy'; afterMs: number }>((done) => setTimeout(() => done({ kind: 'healthy', afterMs: SETTLE_MS }), SETTLE_MS)),
  ]);
  return signal?.aborted ? { kind: 'aborted' as const } : result;
};

const checkOnly = async (name: string, health: HealthCheck, signal: AbortSignal | undefined, log: (line: string) => void): Promise<void> => {
  const result = await checkHealth(health, signal === undefined ? {} : { signal });
  if (signal?.aborted) throw new ServicesAbortedError(name);
  if (!result.healthy) throw new ServiceNotHealthyError(name, result.error, { started: false });
  log(`service ${name}: healthy (already running, not started by gameday)`);
};
