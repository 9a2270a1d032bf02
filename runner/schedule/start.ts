import { afterRunSteps, checkAfterRun, type BuildSite } from './after-run.ts';
import { systemScheduleClock, type ScheduleClock } from './clock.ts';
import type { ScheduleContext, ScheduleState } from './context.ts';
import { experimentDrill, type RunDrill } from './drill.ts';
import { createEventLog, type ScheduleEvent } from './events.ts';
import { startIncidentReceiver, type IncidentReceiver } from './incident-receiver.ts';
import { alertmanagerIncidents, combineIncidents, type CheckIncidents } from './incidents.ts';
import { KillSwitch } from './kill-switch.ts';
import { startKillSwitchServer, type KillSwitchServer } from './kill-switch-http.ts';
import { runLoop } from './loop.ts';
import { runOnce } from './once.ts';
import type { ResolvedSchedule } from './resolve.ts';

export interface ScheduleOptions {
  schedule: ResolvedSchedule;
  /** `loop` runs until stopped; `once` attempts what is due (or the next start) and ends. */
  mode: { kind: 'loop' } | { kind: 'once'; dueWithinMs: number };
  env: Readonly<Record<string, string | undefined>>;
  /** Each event, as it happens (the CLI prints formatEvent of it on stdout). */
  onEvent(event: ScheduleEvent): void;
  /** Where drills print their progress and report (the CLI's stderr). */
  drillOutput: { write(text: string): void; isTTY?: boolean };
  /** gameday's version, for postmortems. */
  version: string;
  /** Resolves with a signal's name when the operator stops gameday (Ctrl-C, SIGTERM). */
  stopRequested?: Promise<string>;
  buildSite?: BuildSite | undefined;
  // The parts tests replace:
  clock?: ScheduleClock;
  drill?: RunDrill;
  checkIncidents?: CheckIncidents;
}

export interface RunningSchedule {
  /** The kill switch API's URL, when the schedule has `kill_switch.http` and it listens. */
  killSwitchUrl: string | undefined;
  /** The standing incident receiver's URL, when the schedule has `incidents.receiver` and it listens. */
  incidentReceiverUrl: string | undefined;
  /** Stops the scheduler as Ctrl-C does: a running drill is rolled back; nothing starts after. */
  stop(why: string): void;
  /** Resolves, once everything is stopped and closed, with the exit code to end with. */
  done: Promise<number>;
}

/**
 * `gameday schedule`: wires the parts (kill switch and its file watcher and
 * HTTP API, the lock, incident preflight and its standing receiver, drills
 * as `gameday run` runs them, after-run steps) and starts the loop or the
 * one pass. Checks that need no drill (can the postmortem be committed,
 * can the receiver and the kill switch listen) run first and throw their
 * GamedayError.
 */
export const startSchedule = async (options: ScheduleOptions): Promise<RunningSchedule> => {
  const { schedule } = options;
  const clock = options.clock ?? systemScheduleClock;
  const log = createEventLog(clock, options.onEvent);
  const env = { ...options.env };
  const afterRun = { settings: schedule.afterRun, version: options.version, env, buildSite: options.buildSite };
  await checkAfterRun(afterRun);

  const state: ScheduleState = { running: undefined, next: undefined };
  const controller = new AbortController();
  const stop = (why: string): void => {
    if (controller.signal.aborted) return;
    log('scheduler', `stopping (${why})${state.running === undefined ? '' : `: rolling back ${state.running.entry} first`}`);
    controller.abort(why);
  };
  void options.stopRequested?.then(stop);

  const incidents = schedule.incidents;
  // A one-off run beside a running scheduler: that scheduler holds the ports (and writes the alerts file).
  const receiver =
    incidents?.receiver === undefined
      ? undefined
      : await startIncidentReceiver({
          settings: incidents.receiver,
          severities: incidents.severities,
          runsDir: schedule.runsDir,
          env,
          log,
          now: clock.now,
          whenTaken: options.mode.kind === 'loop' ? 'fail' : 'replay',
          runReceiver: schedule.receiver === undefined ? env.GAMEDAY_RECEIVER_ADDRESS : undefined,
        });

  const killSwitch = new KillSwitch({ file: schedule.killSwitch?.file, log, now: clock.now });
  let server: KillSwitchServer | undefined;
  const address = schedule.killSwitch?.http;
  if (address !== undefined) {
    try {
      server = await startKillSwitchServer(address, killSwitch, () => statusOf(killSwitch, state, receiver));
      log('kill-switch', `listening on ${server.url} (POST /stop, POST /resume, GET /status)`);
    } catch (error) {
      if (options.mode.kind === 'loop') {
        await receiver?.close();
        throw error;
      }
      log('warning', `${error instanceof Error ? error.message : String(error)}; the file and Ctrl-C still stop the drill`);
    }
  }
  const unwatch = killSwitch.watch(schedule.killSwitch?.poll ?? 1_000);

  const context: ScheduleContext = {
    schedule,
    clock,
    log,
    killSwitch,
    checkIncidents: options.checkIncidents ?? incidentChecks(incidents, receiver),
    drill: options.drill ?? experimentDrill({ runsDir: schedule.runsDir, env: options.env, output: options.drillOutput, receiver: schedule.receiver }),
    afterRun: afterRunSteps(afterRun),
    stop: controller.signal,
    state,
  };
  log('scheduler', `${options.mode.kind === 'once' ? 'one pass over' : 'started'} ${schedule.shown}: ${schedule.entries.length} experiment(s); pid ${process.pid}; lock ${schedule.lock}`);

  const done = (async () => {
    try {
      if (options.mode.kind === 'once') return await runOnce(context, options.mode.dueWithinMs);
      await runLoop(context);
      return 0;
    } finally {
      unwatch();
      await Promise.all([server?.close(), receiver?.close()]);
      log('scheduler', 'stopped');
    }
  })();
  return { killSwitchUrl: server?.url, incidentReceiverUrl: receiver?.url, stop, done };
};

/** Alertmanager, the standing receiver, or both; undefined without `incidents:`. */
const incidentChecks = (incidents: ResolvedSchedule['incidents'], receiver: IncidentReceiver | undefined): CheckIncidents | undefined => {
  if (incidents === undefined) return undefined;
  const { alertmanager, severities, timeout } = incidents;
  const checks = [...(alertmanager === undefined ? [] : [alertmanagerIncidents({ alertmanager, severities, timeout })]), ...(receiver === undefined ? [] : [receiver.check])];
  return checks.length === 1 ? checks[0] : combineIncidents(checks);
};

const statusOf = (killSwitch: KillSwitch, state: ScheduleState, receiver: IncidentReceiver | undefined): Record<string, unknown> => ({
  kill_switch: killSwitch.status(),
  running: state.running === undefined ? null : { entry: state.running.entry, due: iso(state.running.due), since: iso(state.running.since) },
  next: state.next === undefined ? null : { entry: state.next.entry, at: iso(state.next.at) },
  // Every alert the standing receiver was told fires, whatever its severity (the preflight counts only incidents.severities).
  ...(receiver === undefined ? {} : { incidents: { receiver: receiver.url ?? null, firing: receiver.firing() } }),
});

const iso = (ms: number): string => new Date(ms).toISOString();
