import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startControlApi, type ControlApi, type ControlHandlers } from '../../runner/control/index.ts';
import { createIncidentEngine, type IncidentEngine } from '../../runner/incidents/index.ts';
import { JournalWriter, readJournal, type Clock, type JournalEvent, type NewEvent } from '../../runner/journal/index.ts';
import { alert } from '../incidents/fixtures.ts';

/** A run as far as responders see it: a journal, an incident engine, and the control API wired to both. */
export interface FakeRun {
  dir: string;
  journal: JournalWriter;
  engine: IncidentEngine;
  api: ControlApi;
  /** Every event in its journal, read back from the file. */
  events(): JournalEvent[];
  /** Ends it as `gameday run` does: run.ended, then the control API closes. */
  end(): Promise<void>;
}

export const tempCwd = (): { dir: string; remove(): void } => {
  const dir = mkdtempSync(join(tmpdir(), 'gameday-control-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
};

/** A clock whose wall time is fixed at `startedAt` and whose monotonic time the test moves. */
export const manualClock = (startedAt: Date): Clock & { advance(ms: number): void } => {
  let now = 0;
  return { now: () => now, wall: () => new Date(startedAt.getTime() + now), advance: (ms) => void (now += ms) };
};

/**
 * Starts a run under `<cwd>/runs/<runId>` with one open incident (inc-1, on
 * checkout), its control API listening. `handlers` replaces some handlers.
 */
export const startFakeRun = async (
  cwd: string,
  runId: string,
  options: { startedAt?: Date; handlers?: Partial<ControlHandlers> } = {},
): Promise<FakeRun & { clock: ReturnType<typeof manualClock> }> => {
  const dir = join(cwd, 'runs', runId);
  const clock = manualClock(options.startedAt ?? new Date());
  const journal = JournalWriter.create(dir, clock);
  journal.write({
    source: 'runner',
    type: 'run.started',
    run_id: runId,
    experiment: { name: 'drill', file: 'experiments/drill.yaml', sha256: '0'.repeat(64) },
    servers: [],
    pid: process.pid,
    plan: { faults_end: 60_000, end: 120_000, max_duration: 600_000 },
  });
  const engine = createIncidentEngine({ experimentName: 'drill', routing: undefined, rules: [], expected: [] });
  const write = (events: readonly NewEvent[]): readonly NewEvent[] => {
    for (const event of events) journal.write(event);
    return events;
  };
  clock.advance(10_000);
  write(engine.ingest(alert(), journal.elapsed()));
  clock.advance(32_000);
  const api = await startControlApi({
    runDir: dir,
    handlers: {
      ack: ({ incident, by }) => write(engine.acknowledge(incident, by, journal.elapsed())),
      note: ({ incident, text, by }) => write(engine.note(incident, text, by)),
      resolve: ({ incident, by }) => write(engine.resolve(incident, by, journal.elapsed())),
      incidents: () => engine.summary(),
      ...options.handlers,
    },
  });
  return {
    dir,
    journal,
    engine,
    api,
    clock,
    events: () => readJournal(join(dir, 'journal.jsonl')).events,
    async end() {
      journal.write({ source: 'runner', type: 'run.ended', verdict: 'held', exit_code: 0, reason: 'held' });
      await api.close();
      journal.close();
    },
  };
};
