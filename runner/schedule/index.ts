export type { BuildSite } from './after-run.ts';
export type { AttemptOutcome, SkipReason } from './attempt.ts';
export { blackoutAt } from './blackout.ts';
export type { ScheduleClock } from './clock.ts';
export { experimentDrill, type DrillRequest, type DrillResult, type ExperimentDrillOptions, type RunDrill } from './drill.ts';
export { formatEvent, type ScheduleEvent, type ScheduleEventKind } from './events.ts';
export type { ReceivedAlert } from './firing-alerts.ts';
export { alertmanagerIncidents, type CheckIncidents, type FiringAlert, type IncidentCheck } from './incidents.ts';
export type { KillSwitchStatus } from './kill-switch.ts';
export { loadScheduleFile, loadScheduleText, type ScheduleLoadResult, type ScheduleTextResult } from './load.ts';
export { acquireLock, type LockAttempt, type LockHolder } from './lock.ts';
export { previewSchedule } from './preview.ts';
export { resolveSchedule, type ResolvedBlackout, type ResolvedSchedule, type ScheduledEntry } from './resolve.ts';
export {
  scheduleSchema,
  type AfterRunSettings,
  type Blackout,
  type IncidentsReceiverSettings,
  type IncidentsSettings,
  type KillSwitchSettings,
  type Schedule,
  type ScheduleEntry,
  type ScheduleInput,
} from './schema.ts';
export { startSchedule, type RunningSchedule, type ScheduleOptions } from './start.ts';
export { formatInZone } from './time-zone.ts';
export { dueStart, nextStart, upcomingStarts } from './times.ts';
