import { join } from 'node:path';
import { InputError, MissingInputError } from '../errors.ts';
import { footprintOf, isEmptyFootprint, type Footprint } from '../faults/index.ts';
import { JOURNAL_FILE, readJournal, type EventOf, type Journal } from '../journal/index.ts';
import { servicesLeft, type LeftService } from './services.ts';

/** A run's journal as recover sees it: how it started and what it may have left. */
export interface RunRecord {
  runDir: string;
  journal: Journal;
  started: EventOf<'run.started'>;
  footprint: Footprint;
  services: LeftService[];
  /** The run recorded no end, or its journal shows something still left (a rollback that failed). */
  unfinished: boolean;
}

export const readRunRecord = (runDir: string): RunRecord => {
  const path = join(runDir, JOURNAL_FILE);
  let journal: Journal;
  try {
    journal = readJournal(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(error);
    throw new MissingInputError(`cannot read the journal ${path}: ${why} (expected a run directory written by gameday run)`, {
      cause: error,
    });
  }
  const started = journal.events.find((event): event is EventOf<'run.started'> => event.type === 'run.started');
  if (started === undefined) {
    throw new InputError(`${path} has no run.started event, so it is not the journal of a gameday run`);
  }
  const footprint = footprintOf(journal.events);
  const services = servicesLeft(journal.events);
  const unfinished = !journal.ended || !isEmptyFootprint(footprint) || services.length > 0;
  return { runDir, journal, started, footprint, services, unfinished };
};
