import { createHistogram } from 'node:perf_hooks';

/** Monotonic milliseconds (a journal Clock fits). */
export interface MonotonicClock {
  now(): number;
}

export interface ScheduleOptions {
  readonly clock: MonotonicClock;
  /** The clock reading at run time 0. */
  readonly t0: number;
  /** Run time of the first firing, ms. */
  readonly startAt: number;
  /** Time between two firings, ms. */
  readonly periodMs: number;
  /** No firing at or after this run time, ms (default: until stopped). */
  readonly endAt?: number;
  /** Called for each firing with its intended run time, ms; must not throw. */
  readonly fire: (intended: number) => void;
}

/** How late firings were, ms past their intended time. */
export interface Drift {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export interface Schedule {
  /** Stops firing (idempotent). */
  stop(): void;
  /** Resolves once the schedule has ended: stopped, or past `endAt`. */
  readonly ended: Promise<void>;
  /** Firings so far. */
  fired(): number;
  /** Lateness of the firings so far; null before the first. */
  drift(): Drift | null;
}

/**
 * Fires at startAt, startAt + period, startAt + 2·period… by the clock,
 * whatever the callbacks do with their time (open loop). Each wake-up fires
 * every firing that is due, so a loop delayed by a busy event loop catches up
 * at once: the count is kept and each firing still carries its intended
 * time; the lateness is what `drift()` reports.
 */
export const startSchedule = (options: ScheduleOptions): Schedule => {
  const { clock, t0, startAt, periodMs, fire } = options;
  const endAt = options.endAt ?? Number.POSITIVE_INFINITY;
  const lateness = createHistogram({ lowest: 1, highest: 3_600_000_000, figures: 2 });
  let count = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));

  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    end();
  };

  const tick = (): void => {
    timer = undefined;
    const now = clock.now() - t0;
    for (;;) {
      const intended = startAt + count * periodMs;
      if (intended >= endAt) return stop();
      if (intended > now) break;
      count += 1;
      // Lateness at the moment of firing, so the later firings of a catch-up burst count theirs.
      const late = clock.now() - t0 - intended;
      lateness.record(Math.min(Math.max(Math.round(late * 1000), 1), 3_600_000_000));
      fire(intended);
      if (stopped) return;
    }
    const wait = startAt + count * periodMs - (clock.now() - t0);
    timer = setTimeout(tick, Math.max(0, wait));
  };

  tick();
  return {
    stop,
    ended,
    fired: () => count,
    drift: () =>
      lateness.count === 0
        ? null
        : { p50: lateness.percentile(50) / 1000, p99: lateness.percentile(99) / 1000, max: lateness.max / 1000 },
  };
};
