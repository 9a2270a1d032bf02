import type { Verdict } from '../journal/index.ts';

/**
 * Every way a run can end, with its exit code (documented in the README and
 * `gameday run --help`). Codes stay clear of the CLI's own (2 usage, 65–78).
 */
export const VERDICT_EXIT_CODES: Readonly<Record<Verdict, number>> = {
  /** The steady state held and every expectation was met. */
  held: 0,
  /** The drill ran; the system did not behave as the team believed. */
  deviated: 1,
  /** Preflight failed (Toxiproxy, services or the steady state before): nothing was injected. */
  not_started: 3,
  /** A stop condition ended the drill early; everything was rolled back. */
  aborted_stop_condition: 4,
  /** The operator stopped the run (Ctrl-C, SIGTERM); everything was rolled back. */
  aborted_operator: 5,
  /** Something the run made could not be removed: see the journal and remove it by hand. */
  rollback_incomplete: 6,
};

export const VERDICT_TEXT: Readonly<Record<Verdict, string>> = {
  held: 'held: the steady state held and every expectation was met',
  deviated: 'deviated: the system did not behave as the hypothesis said',
  not_started: 'not started: preflight failed, nothing was injected',
  aborted_stop_condition: 'aborted by a stop condition; everything was rolled back',
  aborted_operator: 'aborted by the operator; everything was rolled back',
  rollback_incomplete: 'ROLLBACK INCOMPLETE: something the run made is still in place',
};

export interface RunFacts {
  preflightFailed: boolean;
  stopConditionHit: boolean;
  operatorAbort: boolean;
  /** Anything the run made that it could not remove. */
  leftBehind: readonly string[];
  steadyStateAfterHeld: boolean | undefined;
  expectationsMet: readonly boolean[];
}

/** Worst first: a fault left in someone's system outranks everything else. */
export function decideVerdict(facts: RunFacts): Verdict {
  if (facts.leftBehind.length > 0) return 'rollback_incomplete';
  if (facts.preflightFailed) return 'not_started';
  if (facts.operatorAbort) return 'aborted_operator';
  if (facts.stopConditionHit) return 'aborted_stop_condition';
  if (facts.steadyStateAfterHeld === false || facts.expectationsMet.includes(false)) return 'deviated';
  return 'held';
}
