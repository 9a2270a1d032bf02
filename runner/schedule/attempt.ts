import { formatDuration } from '../experiment/duration.ts';
import { ExitCode, isGamedayError } from '../errors.ts';
import { VERDICT_EXIT_CODES } from '../run/index.ts';
import { blackoutAt, describeBlackout } from './blackout.ts';
import type { ScheduleContext } from './context.ts';
import type { DrillResult } from './drill.ts';
import { describeIncidents } from './incidents.ts';
import { acquireLock } from './lock.ts';
import type { ScheduledEntry } from './resolve.ts';
import { formatInZone } from './time-zone.ts';

/**
 * Why a start did not happen, and the exit code `--once` ends with for it:
 * a blackout is the schedule working (0); a refusal to start is "not
 * started" (3), as a failed preflight is; an Alertmanager that cannot be
 * asked is a server that is unavailable (69). An open incident is an
 * alert firing in Alertmanager or sent to the schedule's receiver.
 */
export const SKIP_EXIT_CODES = {
  stopping: VERDICT_EXIT_CODES.aborted_operator,
  kill_switch: VERDICT_EXIT_CODES.not_started,
  blackout: ExitCode.ok,
  lock: VERDICT_EXIT_CODES.not_started,
  incident: VERDICT_EXIT_CODES.not_started,
  incidents_unknown: ExitCode.unavailable,
} as const;

export type SkipReason = keyof typeof SKIP_EXIT_CODES;

export type AttemptOutcome =
  | { kind: 'ran'; drill: DrillResult; exitCode: number }
  | { kind: 'skipped'; reason: SkipReason; exitCode: number }
  | { kind: 'failed'; exitCode: number };

/**
 * One start of one entry: the kill switch, blackouts, the lock and open
 * incidents are checked in that order (each refusal is one log line),
 * then the drill runs and the after-run steps follow. The lock is held
 * from before the incident check until the after-run steps are done.
 */
export const attemptStart = async (context: ScheduleContext, entry: ScheduledEntry, due: number): Promise<AttemptOutcome> => {
  const { log, killSwitch, schedule, clock } = context;
  const dueText = `due ${formatInZone(due, entry.timezone)}`;
  const skip = (reason: SkipReason, why: string): AttemptOutcome => {
    log('skipped', `${why} (${dueText})`, entry.name);
    return { kind: 'skipped', reason, exitCode: SKIP_EXIT_CODES[reason] };
  };
  if (context.stop.aborted) return { kind: 'skipped', reason: 'stopping', exitCode: SKIP_EXIT_CODES.stopping };
  killSwitch.check();
  const pulled = killSwitch.engaged();
  if (pulled !== undefined) return skip('kill_switch', pulled);
  const blackout = blackoutAt(schedule.blackouts, clock.now());
  if (blackout !== undefined) return skip('blackout', `blackout ${describeBlackout(blackout)}`);

  const lock = acquireLock(schedule.lock, { schedule: schedule.file, entry: entry.name });
  if (!lock.ok) return skip('lock', `another drill holds the lock ${schedule.lock}: ${lock.why}`);
  if (lock.tookOver !== undefined) log('warning', `took over the stale lock ${schedule.lock}: ${lock.tookOver}`, entry.name);
  try {
    if (context.checkIncidents !== undefined) {
      const incidents = await context.checkIncidents(context.stop);
      if (!incidents.ok) return skip('incidents_unknown', `cannot tell whether an incident is open: ${incidents.why}`);
      if (incidents.firing.length > 0) return skip('incident', describeIncidents(incidents.firing));
    }
    // The incident check takes time: the switch may have been pulled, or the scheduler stopped, meanwhile.
    killSwitch.check();
    const pulledNow = killSwitch.engaged();
    if (pulledNow !== undefined) return skip('kill_switch', pulledNow);
    if (context.stop.aborted) return { kind: 'skipped', reason: 'stopping', exitCode: SKIP_EXIT_CODES.stopping };
    return await drillAndAfter(context, entry, due, dueText);
  } finally {
    lock.release();
  }
};

const drillAndAfter = async (context: ScheduleContext, entry: ScheduledEntry, due: number, dueText: string): Promise<AttemptOutcome> => {
  const { log, clock } = context;
  const started = clock.now();
  const late = started - due;
  log('started', `${dueText}${late >= 1_000 ? `, ${formatDuration(late)} late` : ''}; ${entry.shownFile}`, entry.name);
  context.state.running = { entry: entry.name, due, since: started };
  const stop = stopOf(context);
  let drill: DrillResult;
  try {
    drill = await context.drill({ entry, stopRequested: stop.requested });
  } catch (error) {
    log('failed', `the drill did not run: ${error instanceof Error ? error.message : String(error)}`, entry.name);
    return { kind: 'failed', exitCode: isGamedayError(error) ? error.exitCode : ExitCode.software };
  } finally {
    stop.done();
    context.state.running = undefined;
  }
  log('finished', `verdict ${drill.verdict} (exit ${drill.exitCode})${drill.reason === '' ? '' : `: ${drill.reason}`}; run folder ${drill.dir}`, entry.name);
  if (stop.by() === 'kill_switch') {
    log('skipped', `after-run steps: the kill switch stopped the drill (write its postmortem later with gameday postmortem ${drill.dir})`, entry.name);
    return { kind: 'ran', drill, exitCode: drill.exitCode };
  }
  const afterCode = await context.afterRun(drill, entry, log);
  return { kind: 'ran', drill, exitCode: Math.max(drill.exitCode, afterCode) };
};

/**
 * The drill's stop: the kill switch being pulled or the scheduler being
 * stopped, whichever comes first, while the drill runs (never after: a
 * run's journal is closed once it ends).
 */
const stopOf = (context: ScheduleContext): { requested: Promise<string>; by(): 'kill_switch' | 'operator' | undefined; done(): void } => {
  let settle: (why: string) => void = () => {};
  const requested = new Promise<string>((resolve) => (settle = resolve));
  let by: 'kill_switch' | 'operator' | undefined;
  let live = true;
  const stopWith = (who: 'kill_switch' | 'operator', why: string): void => {
    if (!live || by !== undefined) return;
    by = who;
    settle(why);
  };
  const onStop = (): void => stopWith('operator', String(context.stop.reason));
  const offKill = context.killSwitch.onEngage((why) => stopWith('kill_switch', why));
  if (context.stop.aborted) onStop();
  else context.stop.addEventListener('abort', onStop, { once: true });
  return {
    requested,
    by: () => by,
    done: () => {
      live = false;
      offKill();
      context.stop.removeEventListener('abort', onStop);
    },
  };
};
