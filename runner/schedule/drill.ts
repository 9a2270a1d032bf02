import type { Verdict } from '../journal/index.ts';
import { runExperiment } from '../run/index.ts';
import type { ScheduledEntry } from './resolve.ts';

/** One drill of one entry, stopped early (as by Ctrl-C) when `stopRequested` resolves, with who or what stopped it. */
export interface DrillRequest {
  entry: ScheduledEntry;
  stopRequested: Promise<string>;
}

export interface DrillResult {
  runId: string;
  /** The run folder, absolute. */
  dir: string;
  verdict: Verdict;
  /** The exit code `gameday run` would end with (see VERDICT_EXIT_CODES). */
  exitCode: number;
  /** Why, in words ('' when it held). */
  reason: string;
}

export type RunDrill = (request: DrillRequest) => Promise<DrillResult>;

export interface ExperimentDrillOptions {
  /** Where run folders go (absolute). */
  runsDir: string;
  env: Readonly<Record<string, string | undefined>>;
  /** The drill's own progress and report, as `gameday run` prints them (the scheduler's stderr). */
  output: { write(text: string): void; isTTY?: boolean };
  /** The alert receiver's address (host:port), when the schedule fixes one. */
  receiver?: string | undefined;
  /** Start each run's watchdog process (default true). */
  watchdog?: boolean;
}

/**
 * Drills an experiment exactly as `gameday run FILE` does: runExperiment,
 * with the operator's stop wired to `stopRequested` (rollback, verdict
 * aborted_operator).
 */
export const experimentDrill = (options: ExperimentDrillOptions): RunDrill => async ({ entry, stopRequested }) => {
  const outcome = await runExperiment({
    file: entry.file,
    runsDir: options.runsDir,
    env: options.env,
    output: options.output,
    report: options.output,
    stopRequested,
    ...(options.receiver === undefined ? {} : { receiver: { address: options.receiver } }),
    ...(options.watchdog === undefined ? {} : { watchdog: options.watchdog }),
  });
  return { runId: outcome.runId, dir: outcome.dir, verdict: outcome.verdict, exitCode: outcome.exitCode, reason: outcome.summary.reason };
};
