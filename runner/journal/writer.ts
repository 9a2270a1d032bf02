import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { JournalEvent, NewEvent } from './events.ts';
import { readJournal } from './reader.ts';

export const JOURNAL_FILE = 'journal.jsonl';

/** Time as the journal sees it; tests pass their own. */
export interface Clock {
  /** Monotonic milliseconds (like performance.now()). */
  now(): number;
  /** Wall-clock time. */
  wall(): Date;
}

export const systemClock: Clock = { now: () => performance.now(), wall: () => new Date() };

/**
 * Appends events to `<dir>/journal.jsonl`, one JSON object a line. Each
 * event is written with one write(2) on an O_APPEND descriptor when it
 * happens, so it survives the process being killed the next instant;
 * events that record a change to someone's system are also fsynced.
 */
export class JournalWriter {
  private seq = 0;
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly fd: number,
    private readonly clock: Clock,
    private readonly start: number,
  ) {}

  static create(dir: string, clock: Clock = systemClock): JournalWriter {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, JOURNAL_FILE);
    // 'ax': a run directory is never reused, so an existing journal is never appended to by mistake.
    const fd = openSync(path, 'ax');
    return new JournalWriter(path, fd, clock, clock.now());
  }

  /**
   * Continues a run's journal from another process (the watchdog, `gameday
   * recover`): numbering goes on from the last event, and time is counted
   * from the run's start by the wall clock, the only clock both share.
   */
  static resume(dir: string, clock: Clock = systemClock): JournalWriter {
    const path = join(dir, JOURNAL_FILE);
    const { events } = readJournal(path);
    const started = events.find((e) => e.type === 'run.started');
    const sinceStart = started ? clock.wall().getTime() - Date.parse(started.at) : 0;
    const fd = openSync(path, 'a');
    // A run killed mid-write leaves a torn last line: end it, so the next event stands on its own line.
    const size = fstatSync(fd).size;
    if (size > 0 && readFileSync(path).at(-1) !== 0x0a) writeSync(fd, '\n');
    const writer = new JournalWriter(path, fd, clock, clock.now() - sinceStart);
    writer.seq = events.at(-1)?.seq ?? 0;
    return writer;
  }

  /** Milliseconds since the run started. */
  elapsed(): number {
    return this.clock.now() - this.start;
  }

  write(event: NewEvent): JournalEvent {
    if (this.closed) throw new Error(`journal ${this.path} is closed; ${event.type} was not recorded`);
    // Typed by NewEvent at compile time; the reader checks every line against the schema.
    // Not parsing here keeps a fault's journal entry from delaying the fault itself.
    const stamped = {
      seq: ++this.seq,
      t: Math.round(this.elapsed() * 1000) / 1000,
      at: this.clock.wall().toISOString(),
      ...event,
    } as JournalEvent;
    writeSync(this.fd, `${JSON.stringify(stamped)}\n`);
    if (DURABLE.has(stamped.type)) fsyncSync(this.fd);
    return stamped;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    fsyncSync(this.fd);
    closeSync(this.fd);
  }
}

/**
 * Events also forced to disk (fsync), so they outlive the machine stopping,
 * not only the process. A plain write already outlives kill -9. Not
 * `fault.injecting`: an fsync there would make faults late by milliseconds,
 * and a fault's toxic carries the run id in its name, which recover also
 * finds on the server.
 */
const DURABLE = new Set(['run.started', 'service.started', 'proxy.creating', 'run.ended']);
