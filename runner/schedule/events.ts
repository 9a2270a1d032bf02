import type { ScheduleClock } from './clock.ts';

/**
 * What the scheduler did, one event a line on stdout:
 * `2026-11-24T15:00:00.012Z  started slow-payments: due Tue 2026-11-24 10:00 -05:00`.
 */
export type ScheduleEventKind =
  | 'scheduler'
  | 'next'
  | 'started'
  | 'finished'
  | 'skipped'
  | 'missed'
  | 'failed'
  | 'postmortem'
  | 'committed'
  | 'site'
  | 'kill-switch'
  | 'incidents'
  | 'warning';

export interface ScheduleEvent {
  /** Wall-clock epoch milliseconds. */
  at: number;
  kind: ScheduleEventKind;
  /** The entry it is about, if one. */
  entry?: string;
  text: string;
}

export const formatEvent = (event: ScheduleEvent): string =>
  `${new Date(event.at).toISOString()}  ${event.kind}${event.entry === undefined ? '' : ` ${event.entry}`}: ${event.text}`;

/** Records one event, stamped with the clock's time. */
export type EventLog = (kind: ScheduleEventKind, text: string, entry?: string) => void;

export const createEventLog = (clock: ScheduleClock, sink: (event: ScheduleEvent) => void): EventLog => (kind, text, entry) =>
  sink({ at: clock.now(), kind, text, ...(entry === undefined ? {} : { entry }) });
