import type { Experiment, Plan } from '../experiment/index.ts';
import type { FaultServers } from '../faults/index.ts';
import type { Clock, JournalWriter } from '../journal/index.ts';
import type { SampleStore } from '../samples/index.ts';

/** Why a run stopped early; the first reason given wins. */
export type AbortReason =
  | { kind: 'operator'; signal: string }
  | { kind: 'stop_condition'; condition: string; detail: string }
  | { kind: 'error'; error: unknown };

/**
 * Everything a phase of a run needs, passed as one value instead of long
 * parameter lists. Time and randomness come from here so tests control them.
 */
export interface RunContext {
  runId: string;
  /** `<runs-dir>/<run-id>`: journal.jsonl, run.json, heartbeat, logs. */
  dir: string;
  experimentFile: string;
  experiment: Experiment;
  plan: Plan;
  journal: JournalWriter;
  clock: Clock;
  random: () => number;
  servers: FaultServers;
  store: SampleStore;
  /** Aborted when the run must stop early; `abortReason()` says why. */
  signal: AbortSignal;
  abort(reason: AbortReason): void;
  abortReason(): AbortReason | undefined;
  /** A line that stays on screen (phase changes, faults, stop conditions). */
  say(line: string): void;
  /** Journal time (ms since the run started) of t = 0, when traffic starts; set by the drill. */
  t0: number | undefined;
}

/**
 * Resolves when the journal clock reaches `t` (ms since the run started), or
 * at once when `signal` aborts. Sleeps by timer to just short of the moment,
 * then yields to the event loop until it comes, so faults start within a
 * millisecond or two of plan rather than a timer's granularity late.
 */
export function untilTime(context: Pick<RunContext, 'journal'>, t: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    let timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
    const finish = (): void => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    };
    const onAbort = (): void => {
      clearTimeout(timer as NodeJS.Timeout);
      clearImmediate(timer as NodeJS.Immediate);
      resolve();
    };
    const tick = (): void => {
      const left = t - context.journal.elapsed();
      if (left > 6) timer = setTimeout(tick, left - 5);
      else if (left > 0) timer = setImmediate(tick);
      else finish();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    tick();
  });
}
