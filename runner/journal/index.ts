export { journalEventSchema, VERDICTS, type EventOf, type EventType, type JournalEvent, type NewEvent, type Verdict } from './events.ts';
export { readJournal, type Journal, type JournalProblem } from './reader.ts';
export { JOURNAL_FILE, JournalWriter, systemClock, type Clock } from './writer.ts';
