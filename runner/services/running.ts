import type { NewEvent } from '../journal/index.ts';
import { describeExit, type ExitInfo } from './errors.ts';
import { stopGroup, type GroupProcess } from './process.ts';

/** The part of the run's journal services need. */
export interface ServiceJournal {
  write(event: NewEvent): unknown;
}

/** One service gameday started. */
export interface StartedService {
  name: string;
  pid: number;
  pgid: number;
  /** Absolute path of the file holding its stdout and stderr. */
  logPath: string;
}

/** How one service ended, as `stop()` reports it. */
export interface StoppedService {
  name: string;
  /** The start command's exit; undefined if it had not ended even after SIGKILL. */
  exit: ExitInfo | undefined;
  /** SIGKILL was needed. */
  forced: boolean;
  /** It had exited by itself before `stop()`. */
  unexpected: boolean;
  /** Processes of its group still ran after SIGKILL: rollback is incomplete. */
  leftRunning: boolean;
}

export interface RunningOptions {
  journal: ServiceJournal;
  log: (line: string) => void;
  /** Time between SIGTERM and SIGKILL, in milliseconds. */
  graceMs: number;
}

interface Entry extends StartedService {
  proc: GroupProcess;
  stopping: boolean;
  /** Set once `service.stopped` is journaled, so it is written once per service. */
  recorded: boolean;
}

/**
 * The services started for a run, stopped together by `stop()`. A service
 * whose command exits on its own is journaled at once (`unexpected: true`),
 * so the run's journal shows when it went away.
 */
export class RunningServices {
  private readonly entries: Entry[] = [];
  private stopped: Promise<StoppedService[]> | undefined;

  constructor(private readonly options: RunningOptions) {}

  /** In the order they were started. */
  get services(): StartedService[] {
    return this.entries.map(({ name, pid, pgid, logPath }) => ({ name, pid, pgid, logPath }));
  }

  /** Takes charge of a started process; `stop()` will end it. */
  add(service: StartedService, proc: GroupProcess): void {
    const entry: Entry = { ...service, proc, stopping: false, recorded: false };
    this.entries.push(entry);
    void proc.exited.then((exit) => {
      if (entry.stopping || this.stopped !== undefined) return;
      this.options.log(`service ${entry.name} ${describeExit(exit)} by itself (log: ${entry.logPath})`);
      this.record(entry, { exit, forced: false, unexpected: true, leftRunning: false });
    });
  }

  /**
   * Stops every service, the last started first: SIGTERM to its process
   * group, SIGKILL after the grace period, then journals `service.stopped`.
   * Idempotent: later calls return the first call's result. Never throws for
   * one service's sake; a group that cannot be ended is reported as
   * `leftRunning`.
   */
  stop(): Promise<StoppedService[]> {
    this.stopped ??= this.stopAll();
    return this.stopped;
  }

  private async stopAll(): Promise<StoppedService[]> {
    const results: StoppedService[] = [];
    for (const entry of [...this.entries].reverse()) results.push(await this.stopOne(entry));
    return results.reverse();
  }

  private async stopOne(entry: Entry): Promise<StoppedService> {
    const unexpected = entry.recorded;
    entry.stopping = true;
    let result: StoppedService;
    try {
      const outcome = await stopGroup(entry.proc, { graceMs: this.options.graceMs });
      result = { name: entry.name, ...outcome, unexpected };
    } catch (error) {
      // e.g. EPERM: the group is no longer ours to signal.
      this.options.log(`service ${entry.name}: could not be stopped: ${error instanceof Error ? error.message : String(error)}`);
      result = { name: entry.name, exit: entry.proc.exit(), forced: false, unexpected, leftRunning: true };
    }
    if (result.leftRunning) this.options.log(`service ${entry.name}: processes of group ${entry.pgid} are still running after SIGKILL`);
    this.record(entry, result);
    return result;
  }

  private record(entry: Entry, result: Omit<StoppedService, 'name'>): void {
    if (entry.recorded && !result.leftRunning && !result.forced) return;
    entry.recorded = true;
    try {
      this.options.journal.write({
        source: 'runner',
        type: 'service.stopped',
        service: entry.name,
        code: result.exit?.code ?? null,
        signal: result.exit?.signal ?? null,
        forced: result.forced,
        unexpected: result.unexpected,
        ...(result.leftRunning ? { left_running: true } : {}),
      });
    } catch (error) {
      this.options.log(`service ${entry.name}: service.stopped not journaled: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
