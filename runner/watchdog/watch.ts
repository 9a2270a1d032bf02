import { join } from 'node:path';
import { JOURNAL_FILE, readJournal } from '../journal/index.ts';
import { isRunning, processStartTicks, recoverRun, type RecoveryReport } from '../recover/index.ts';
import { HEARTBEAT_INTERVAL_MS, HEARTBEAT_STALE_MS, heartbeatAgeMs } from './heartbeat.ts';

export interface WatchOptions {
  runDir: string;
  /** The runner's pid. */
  pid: number;
  log: (line: string) => void;
  /** How often to look, in ms (default 1000). */
  intervalMs?: number;
  /** A heartbeat older than this (ms) means the runner stopped working (default 5000). */
  staleMs?: number;
  /** Resolves when the watchdog itself is told to stop (SIGTERM); it then leaves without recovering. */
  stop?: Promise<unknown>;
}

export type WatchOutcome =
  /** The run wrote run.ended: it finished (or rolled back) by itself. */
  | { kind: 'ended' }
  | { kind: 'recovered'; report: RecoveryReport }
  | { kind: 'stopped' }
  | { kind: 'failed'; error: string };

/**
 * Watches a runner until it is no longer there to clean up after itself:
 * every `intervalMs`, is its process alive (the same process: its start time
 * is remembered, since pids are reused) and its heartbeat fresh? When not,
 * and the journal has no run.ended, it recovers the run (removes its faults,
 * proxies and service processes) and returns; with run.ended it returns
 * quietly. A tick that comes far too late means this process was paused too
 * (a suspended machine); the runner then gets one more tick to beat again.
 */
export const watchRunner = async (options: WatchOptions): Promise<WatchOutcome> => {
  const { runDir, pid, log } = options;
  const intervalMs = options.intervalMs ?? HEARTBEAT_INTERVAL_MS;
  const staleMs = options.staleMs ?? HEARTBEAT_STALE_MS;
  const identity = processStartTicks(pid);
  const since = Date.now();
  let stopped = false;
  void options.stop?.then(() => (stopped = true));
  log(`watching runner pid ${pid} for run ${runDir} (every ${intervalMs} ms; stale after ${staleMs} ms)`);
  let last = Date.now();
  for (;;) {
    await sleep(intervalMs, options.stop);
    if (stopped) {
      log('asked to stop; leaving the run alone');
      return { kind: 'stopped' };
    }
    const now = Date.now();
    const paused = now - last > 3 * intervalMs;
    last = now;
    const alive = isRunning(pid) && (identity === undefined || processStartTicks(pid) === identity);
    const quietMs = heartbeatAgeMs(runDir, now) ?? now - since;
    if (alive && (quietMs < staleMs || paused)) continue;

    try {
      if (readJournal(join(runDir, JOURNAL_FILE)).ended) {
        log(`the run has ended (runner ${alive ? 'still finishing' : 'gone'}); nothing to do`);
        return { kind: 'ended' };
      }
      log(alive ? `runner pid ${pid} has been silent for ${Math.round(quietMs)} ms; recovering` : `runner pid ${pid} is gone; recovering`);
      const report = await recoverRun({ runDir, source: 'watchdog', runner: alive ? 'stale' : 'gone', log });
      const silent = report.unreachable.filter((server) => server.left > 0);
      const hosts = silent.length === 0 ? '' : `; could not reach ${silent.map((server) => `Toxiproxy ${server.host} (${server.url}: ${server.reason})`).join(', ')}`;
      log(report.complete ? 'recovered: nothing of the run is left' : `recovery incomplete: ${report.left.length} thing(s) left${hosts}; run gameday recover ${runDir} once it answers`);
      return { kind: 'recovered', report };
    } catch (error) {
      log(`recovery failed: ${errorText(error)}`);
      return { kind: 'failed', error: errorText(error) };
    }
  }
};

const sleep = (ms: number, stop: Promise<unknown> | undefined): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void stop?.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
