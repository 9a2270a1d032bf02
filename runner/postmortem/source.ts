import type { Experiment } from '../experiment/index.ts';
import type { JournalEvent, JournalProblem } from '../journal/index.ts';
import type { RunRecord } from './run-record.ts';

/**
 * Everything a postmortem is made from, already read: the journal (the
 * record), run.json (the run's own judgement of its expectations, when it got
 * that far) and the experiment (owners, descriptions, what was expected).
 * Only the events are required; every other part makes the postmortem richer.
 */
export interface PostmortemSource {
  events: readonly JournalEvent[];
  /** Lines of the journal that could not be read; shown in the supporting data. */
  journalProblems: readonly JournalProblem[];
  run: RunRecord | undefined;
  experiment: Experiment | undefined;
  /** The experiment file as the postmortem names it (relative to the repository when it is inside it). */
  experimentFile: string | undefined;
}

/** A postmortem written before this one, as far as the recurring-failure finding needs it. */
export interface EarlierPostmortem {
  id: string;
  /** ISO date; undefined when a hand-written postmortem has none (it then counts as earlier). */
  date?: string | undefined;
  fingerprints: readonly string[];
}
