import type { SummaryEvent } from './summaries.ts';

export const DEFAULT_SUMMARY_EVERY_MS = 1000;

export interface SummaryTimerOptions {
  /** Where the summaries come from (a SampleStore). */
  readonly store: { takeSummaries(now: number): SummaryEvent[] };
  /** ms since the run started (JournalWriter.elapsed). */
  readonly elapsed: () => number;
  /** Receives each event (JournalWriter.write). */
  readonly write: (event: SummaryEvent) => void;
  /** Period between two summaries, ms (default 1000). */
  readonly every?: number;
  /** Aborting stops the timer, after a last summary. */
  readonly signal?: AbortSignal;
}

/**
 * Writes the store's summaries every `every` ms. `stop()` writes the last,
 * partial period's summaries and stops; calling it again does nothing.
 */
export const startSummaries = (options: SummaryTimerOptions): { stop(): void } => {
  const { store, elapsed, write, signal } = options;
  const flush = (): void => {
    for (const event of store.takeSummaries(elapsed())) write(event);
  };
  const timer = setInterval(flush, options.every ?? DEFAULT_SUMMARY_EVERY_MS);
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    signal?.removeEventListener('abort', stop);
    flush();
  };
  if (signal?.aborted) stop();
  else signal?.addEventListener('abort', stop, { once: true });
  return { stop };
};
