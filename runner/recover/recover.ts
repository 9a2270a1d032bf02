import {
  removeEverything,
  type FaultServer,
  type Footprint,
  type UnreachableServer,
} from '../faults/index.ts';
import { JournalWriter, systemClock, type Clock, type EventOf } from '../journal/index.ts';
import { VERDICT_EXIT_CODES } from '../run/verdict.ts';
import { createToxiproxyClient, type ToxiproxyClient } from '../toxiproxy-client/index.ts';
import { RunInProgressError } from './errors.ts';
import { readRunRecord } from './journal.ts';
import { checkRunner, type RunnerState } from './runner-state.ts';
import { stopLeftService, type LeftService } from './services.ts';

/** Each Toxiproxy call's limit during recovery, in ms: short, so the watchdog finishes within 10 s. */
const DEFAULT_TIMEOUT_MS = 2_000;
/** Time a service gets between SIGTERM and SIGKILL, in ms. */
const DEFAULT_GRACE_MS = 3_000;

export interface RecoverOptions {
  runDir: string;
  /** Who recovers: the journal's `source` for everything written. */
  source: 'recover' | 'watchdog';
  /** Progress and problems, one line each. */
  log: (line: string) => void;
  /** What the caller already knows of the runner (the watchdog does); otherwise checked here. */
  runner?: 'gone' | 'stale';
  /** Recover even while the runner looks alive and well. */
  force?: boolean;
  /** Limit for each Toxiproxy call, in ms (default 2000). */
  timeoutMs?: number;
  /** Time services get between SIGTERM and SIGKILL, in ms (default 3000). */
  graceMs?: number;
  clock?: Clock;
  /** Makes the client for a server URL; tests pass failing ones. */
  connect?: (url: string, timeoutMs: number) => ToxiproxyClient;
}

export interface RecoveryReport {
  runId: string;
  runDir: string;
  runner: RunnerState;
  /** False when the run had ended and its journal showed nothing left: nothing was done or written. */
  acted: boolean;
  /** Nothing the run made is left. */
  complete: boolean;
  removed: string[];
  /** What is still there, each with what to do by hand. */
  left: string[];
  /**
   * Toxiproxy servers that could not be asked (down, or not answering in
   * time), by host: what the run has there is in `left`, and the other
   * hosts were cleaned all the same. Recovering again once they answer
   * finishes the job.
   */
  unreachable: UnreachableServer[];
}

/**
 * Cleans up after a run whose runner stopped without finishing: from its
 * journal, removes its proxies and toxics on every server of run.started
 * (names carrying the run id only, never /reset) and stops the service
 * processes it started. Idempotent: what is already gone is journaled as
 * such, and a second call finds nothing left.
 *
 * The embedded Toxiproxy lived inside the runner, so once the runner is gone
 * nothing of the run remains there; that is journaled and said. Everything
 * done is journaled with `source` (JournalWriter.resume), then `run.recovered`,
 * then, if the run had not ended and its runner is gone, `run.ended` with
 * verdict rollback_incomplete: the run did not end by itself.
 */
export const recoverRun = async (options: RecoverOptions): Promise<RecoveryReport> => {
  const { runDir, source, log } = options;
  const record = readRunRecord(runDir);
  const { started, journal } = record;
  const runId = started.run_id;
  const runner = options.runner ?? checkRunner(started, runDir, (options.clock ?? systemClock).wall().getTime()).state;
  const report = (acted: boolean, removed: string[], left: string[], unreachable: UnreachableServer[] = []): RecoveryReport => ({
    runId,
    runDir,
    runner,
    acted,
    complete: left.length === 0,
    removed,
    left,
    unreachable,
  });
  if (journal.problems.length > 0) {
    log(`journal: ${journal.problems.length} unreadable line(s) ignored (${journal.problems[0]?.message ?? ''})`);
  }
  if (!record.unfinished) {
    log(`run ${runId} ended and its journal shows nothing left; nothing to recover`);
    return report(false, [], []);
  }
  if (runner === 'running' && options.force !== true) throw new RunInProgressError(runDir, started.pid);
  log(`recovering run ${runId}: runner pid ${started.pid} is ${describeRunner(runner)}`);

  const writer = JournalWriter.resume(runDir, options.clock ?? systemClock);
  try {
    const write = writer.write.bind(writer);
    const { servers, gone } = connectServers(started, runner, options);
    const onGone = forgetEmbedded(record.footprint, gone, started.pid, { source, write, log });
    const cleanup = await removeEverything(without(record.footprint, gone), {
      runId,
      journal: writer,
      servers,
      source,
      log,
    });
    for (const line of cleanup.removed) log(`removed ${line}`);
    const services = await Promise.all(
      record.services.map((service) => stopService(service, options.graceMs ?? DEFAULT_GRACE_MS, { source, write, log })),
    );
    const removed = [...cleanup.removed, ...onGone, ...services.flatMap((s) => s.removed)];
    const left = [...cleanup.left, ...services.flatMap((s) => s.left)];
    for (const line of left) log(`LEFT: ${line}`);
    write({
      source,
      type: 'run.recovered',
      runner_pid: started.pid,
      runner: runner === 'gone' ? 'gone' : 'stale',
      complete: left.length === 0,
      removed,
      left,
    });
    if (!journal.ended && runner === 'gone') {
      const what = left.length === 0 ? 'nothing of it is left' : `${left.length} thing(s) are still left (see run.recovered)`;
      write({
        source,
        type: 'run.ended',
        verdict: 'rollback_incomplete',
        exit_code: VERDICT_EXIT_CODES.rollback_incomplete,
        reason: `the runner (pid ${started.pid}) stopped without ending the run, so it did not roll back by itself; ${source === 'watchdog' ? 'the watchdog' : 'gameday recover'} cleaned up after it and ${what}`,
      });
    }
    return report(true, removed, left, cleanup.unreachable ?? []);
  } finally {
    writer.close();
  }
};

interface Sink {
  source: 'recover' | 'watchdog';
  write: JournalWriter['write'];
  log: (line: string) => void;
}

const describeRunner = (runner: RunnerState): string =>
  runner === 'gone' ? 'gone' : runner === 'stale' ? 'alive but silent (no heartbeat)' : 'alive (recovering anyway: --force)';

/**
 * Clients for the run's servers. The embedded ones are gone with a runner
 * that is gone; with a runner still alive they may answer, so they are asked.
 */
const connectServers = (
  started: EventOf<'run.started'>,
  runner: RunnerState,
  options: RecoverOptions,
): { servers: Map<string, FaultServer>; gone: Map<string, string> } => {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const connect = options.connect ?? ((url: string, ms: number) => createToxiproxyClient({ url, timeoutMs: ms }));
  const servers = new Map<string, FaultServer>();
  const gone = new Map<string, string>();
  for (const server of started.servers) {
    if (server.embedded && runner === 'gone') gone.set(server.host, server.url);
    else servers.set(server.host, { client: connect(server.url, timeoutMs), url: server.url, embedded: server.embedded });
  }
  return { servers, gone };
};

/** Journals what the run had on embedded servers that ended with the runner, and says so. */
const forgetEmbedded = (footprint: Footprint, gone: ReadonlyMap<string, string>, pid: number, sink: Sink): string[] => {
  const lines: string[] = [];
  for (const [host, url] of gone) {
    const proxies = footprint.proxies.filter((proxy) => proxy.host === host);
    const faults = footprint.faults.filter((fault) => fault.host === host);
    for (const proxy of proxies) {
      sink.write({ source: sink.source, type: 'proxy.deleted', host, url: proxy.url, name: proxy.name, how: 'already_gone' });
    }
    for (const fault of faults) sink.write({ source: sink.source, type: 'fault.removed', fault: fault.fault, how: 'already_gone' });
    const detail = `the embedded Toxiproxy ran inside the runner (pid ${pid}) and ended with it: nothing of this run remains there (${proxies.length} proxy(ies), ${faults.length} fault(s) went with it)`;
    sink.write({ source: sink.source, type: 'rollback.step', step: `clean up on Toxiproxy ${host} (${url})`, ok: true, detail });
    sink.log(`Toxiproxy ${host} (${url}): ${detail}`);
    if (proxies.length + faults.length > 0) lines.push(`everything on the embedded Toxiproxy ${host} (ended with the runner)`);
  }
  return lines;
};

const without = (footprint: Footprint, gone: ReadonlyMap<string, string>): Footprint => ({
  proxies: footprint.proxies.filter((proxy) => !gone.has(proxy.host)),
  faults: footprint.faults.filter((fault) => !gone.has(fault.host)),
});

const stopService = async (
  service: LeftService,
  graceMs: number,
  sink: Sink,
): Promise<{ removed: string[]; left: string[] }> => {
  const name = `service ${service.service} (pid ${service.pid})`;
  const stop = await stopLeftService(service, graceMs);
  if (stop.kind === 'pid_reused') {
    sink.write({ source: sink.source, type: 'service.stopped', service: service.service, code: null, signal: null });
    sink.log(`${name}: not running (its pid now belongs to another process, left alone)`);
    return { removed: [], left: [] };
  }
  const { signal, leftRunning } = stop.outcome;
  sink.write({
    source: sink.source,
    type: 'service.stopped',
    service: service.service,
    code: null,
    signal,
    forced: signal === 'SIGKILL',
    left_running: leftRunning,
  });
  if (leftRunning) {
    const group = service.pgid === service.pid ? `-${service.pid}` : String(service.pid);
    return { removed: [], left: [`${name} still runs after SIGKILL: check with ps -g ${service.pid}; kill -KILL ${group}`] };
  }
  if (signal === null) {
    sink.log(`${name}: already stopped`);
    return { removed: [], left: [] };
  }
  sink.log(`${name}: stopped with ${signal}`);
  return { removed: [`${name}, stopped with ${signal}`], left: [] };
};
