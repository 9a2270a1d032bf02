import type { ExitInfo } from './errors.ts';
import { checkHealth, type HealthCheck } from './health.ts';

/** How waiting for a started service ended. */
export type ReadyOutcome =
  | { kind: 'healthy'; afterMs: number }
  | { kind: 'exited'; exit: ExitInfo }
  | { kind: 'timeout'; lastError: string }
  | { kind: 'aborted' };

export interface ReadyOptions {
  /** How long the service has to become healthy, in milliseconds from now. */
  timeoutMs: number;
  /** Pause between two checks, in milliseconds. */
  pollMs: number;
  /** Resolves when the service's process exits: waiting stops at once. */
  exited: Promise<ExitInfo>;
  signal?: AbortSignal;
  /** Monotonic milliseconds. */
  now: () => number;
}

/**
 * Checks `health` every `pollMs` until it passes, the process exits, the
 * time is up or the signal aborts. A check never runs past the deadline: its
 * own timeout is cut to the time left.
 */
export const waitUntilReady = async (health: HealthCheck, options: ReadyOptions): Promise<ReadyOutcome> => {
  const started = options.now();
  const deadline = started + options.timeoutMs;
  let exit: ExitInfo | undefined;
  void options.exited.then((info) => (exit = info));
  // Wakes a pause early when the process exits or the run aborts.
  const stop = new AbortController();
  const signal = options.signal === undefined ? stop.signal : AbortSignal.any([stop.signal, options.signal]);
  void options.exited.then(() => stop.abort());
  let lastError: string | undefined;
  try {
    for (;;) {
      if (exit !== undefined) return { kind: 'exited', exit };
      if (options.signal?.aborted) return { kind: 'aborted' };
      const left = deadline - options.now();
      if (left <= 0) return { kind: 'timeout', lastError: lastError ?? 'no check could run in time' };
      const result = await checkHealth(health, { timeoutMs: left, signal });
      if (result.healthy) return { kind: 'healthy', afterMs: options.now() - started };
      // A check cut short by the deadline ("no answer within 3 ms") says less than the answer before it.
      const cutShort = left < health.timeout && options.now() >= deadline;
      if (exit === undefined && !signal.aborted && !(cutShort && lastError !== undefined)) lastError = result.error;
      await pause(Math.min(options.pollMs, Math.max(0, deadline - options.now())), signal);
    }
  } finally {
    stop.abort();
  }
};

const pause = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
