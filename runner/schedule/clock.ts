/**
 * Wall time and waiting for the scheduler. Tests pass a virtual clock whose
 * sleeps return at once with the time moved on, so a month of schedule
 * runs in milliseconds; the drills themselves always run in real time.
 */
export interface ScheduleClock {
  /** Wall-clock milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds, or as soon as `signal` aborts. Never rejects. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The longest single timer: Node's setTimeout holds at most 2^31 - 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemScheduleClock: ScheduleClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted === true) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, Math.min(ms, MAX_TIMER_MS)));
      signal?.addEventListener('abort', done, { once: true });
    }),
};
