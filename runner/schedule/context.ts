import type { AfterRun } from './after-run.ts';
import type { ScheduleClock } from './clock.ts';
import type { RunDrill } from './drill.ts';
import type { EventLog } from './events.ts';
import type { CheckIncidents } from './incidents.ts';
import type { KillSwitch } from './kill-switch.ts';
import type { ResolvedSchedule } from './resolve.ts';

/** What the scheduler is doing now, for GET /status. */
export interface ScheduleState {
  running: { entry: string; due: number; since: number } | undefined;
  next: { entry: string; at: number } | undefined;
}

/**
 * Everything a start attempt and the loop use, passed as one value: the
 * clock, the log, the kill switch and the steps are the parts tests swap.
 */
export interface ScheduleContext {
  schedule: ResolvedSchedule;
  clock: ScheduleClock;
  log: EventLog;
  killSwitch: KillSwitch;
  /** Undefined when the schedule has no `incidents:`. */
  checkIncidents: CheckIncidents | undefined;
  drill: RunDrill;
  afterRun: AfterRun;
  /** Aborted, with the reason as a string, when the scheduler is asked to stop (Ctrl-C, SIGTERM, stop()). */
  stop: AbortSignal;
  state: ScheduleState;
}
