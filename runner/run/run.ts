import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatProblem, loadExperimentFile, planExperiment } from '../experiment/index.ts';
import { InputError } from '../errors.ts';
import { JournalWriter, readJournal, systemClock, type Clock, type Verdict } from '../journal/index.ts';
import { startProbes, type ProbesHandle } from '../probes/index.ts';
import { SampleStore, startSummaries } from '../samples/index.ts';
import { expectedAlertsOf } from '../incidents/index.ts';
import type { RunningServices } from '../services/index.ts';
import { startAlerting, type Alerting, type ReceiverSettings } from './alerting.ts';
import { spawnWatchdog, startHeartbeat } from '../watchdog/index.ts';
import { untilTime, type AbortReason, type RunContext } from './context.ts';
import { newDrillState, runDrill } from './drill.ts';
import { judgeExpectations, type ExpectationResult } from './expectations.ts';
import { junitXml } from './junit.ts';
import { MONITOR_EVERY_MS, startMonitor } from './monitor.ts';
import { PreflightFailure, message, preflight, steadyStateBefore } from './preflight.ts';
import { createProgress, type Progress } from './progress.ts';
import { checkRecovery, steadyStateAfter } from './recovery.ts';
import { rollback } from './rollback.ts';
import { makeRunId } from './run-id.ts';
import { openServers } from './servers.ts';
import { buildRunSummary, writeRunSummary, type RunSummary } from './summary.ts';
import { decideVerdict, VERDICT_EXIT_CODES, VERDICT_TEXT } from './verdict.ts';

export interface RunOptions {
  /** The experiment file. */
  file: string;
  /** Where run folders go (default `runs`). */
  runsDir: string;
  /** Write JUnit XML here too. */
  junit?: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Progress and notes; a TTY gets a live status line. */
  output: { write(text: string): void; isTTY?: boolean };
  /** The expectations and the verdict at the end (default: `output`). */
  report?: { write(text: string): void };
  /** Resolves with a signal's name when the operator asks the run to stop. */
  stopRequested?: Promise<string>;
  clock?: Clock;
  random?: () => number;
  /** Start the watchdog process (default true; tests of the orchestration alone turn it off). */
  watchdog?: boolean;
  /** The alert receiver's address and secret (default: GAMEDAY_RECEIVER_ADDRESS, GAMEDAY_RECEIVER_SECRET, else 127.0.0.1:0 and a new secret). */
  receiver?: Partial<ReceiverSettings>;
}

export interface RunOutcome {
  runId: string;
  dir: string;
  verdict: Verdict;
  exitCode: number;
  summary: RunSummary;
}

/**
 * `gameday run`: loads and checks the experiment (before touching
 * anything), then preflight → traffic and faults → recovery → steady state
 * after → rollback → verdict. Everything goes to the journal as it happens;
 * rollback runs whatever happened before it.
 */
export async function runExperiment(options: RunOptions): Promise<RunOutcome> {
  const file = resolve(options.file);
  const loaded = await loadExperimentFile(file, options.file);
  if (!loaded.ok) {
    throw new InputError(`${options.file} has ${loaded.problems.length} problem(s); nothing was run:\n${loaded.problems.map(formatProblem).join('\n')}`);
  }
  const experiment = loaded.experiment;
  const plan = planExperiment(experiment, { toxiproxyUrl: options.env.TOXIPROXY_URL });
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const runId = makeRunId(experiment.name, clock.wall(), random);
  const dir = resolve(options.runsDir, runId);
  const progress = createProgress(options.output);
  const opened = await openServers(plan);

  mkdirSync(dir, { recursive: true });
  const journal = JournalWriter.create(dir, clock);
  const controller = new AbortController();
  let reason: AbortReason | undefined;
  const context: RunContext = {
    runId,
    dir,
    experimentFile: file,
    experiment,
    plan,
    journal,
    clock,
    random,
    servers: opened.servers,
    store: new SampleStore(),
    signal: controller.signal,
    abort: (why) => {
      reason ??= why;
      controller.abort();
    },
    abortReason: () => reason,
    say: (line) => progress.note(line),
    t0: undefined,
  };
  void options.stopRequested?.then((signal) => {
    if (!controller.signal.aborted) context.say(`${signal}: stopping the drill and rolling back`);
    journal.write({ source: 'operator', type: 'operator.abort', signal });
    context.abort({ kind: 'operator', signal });
  });

  const watchdog = options.watchdog === false ? undefined : spawnWatchdog({ runDir: dir });
  const stopHeartbeat = startHeartbeat(dir);
  journal.write({
    source: 'runner',
    type: 'run.started',
    run_id: runId,
    experiment: { name: experiment.name, file, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') },
    servers: [...opened.servers].map(([host, s]) => ({ host, url: s.url, embedded: s.embedded === true })),
    pid: process.pid,
    ...(watchdog ? { watchdog_pid: watchdog.pid } : {}),
    plan: { faults_end: plan.faultsEnd, end: plan.end, max_duration: plan.maxDuration },
  });
  context.say(`run ${runId}: ${experiment.name}  (journal: ${journal.path})`);
  if (Array.isArray(experiment.toxiproxy) && (options.env.TOXIPROXY_URL ?? '') !== '') {
    context.say(`  TOXIPROXY_URL is not used: the experiment lists its Toxiproxy servers by host (${plan.servers.map((s) => s.host).join(', ')})`);
  }
  return await drive(context, options, progress, () => {
    stopHeartbeat();
    return opened.close();
  });
}

async function drive(context: RunContext, options: RunOptions, progress: Progress, closeAll: () => Promise<void>): Promise<RunOutcome> {
  const { journal, experiment, plan } = context;
  const state = newDrillState();
  let alerting: Alerting | undefined;
  const monitorState = { phase: 'preflight', activeFaults: () => [...state.active.keys()], watchStops: false, alerting: () => alerting };
  const monitor = startMonitor(context, monitorState, progress);
  const maxTimer = setTimeout(() => context.abort({ kind: 'stop_condition', condition: 'max_duration', detail: `the run reached safety.max_duration (${plan.maxDuration / 1000}s)` }), plan.maxDuration);
  let services: RunningServices | undefined;
  let preflightFailed: string | undefined;
  let steadyAfter: boolean | undefined;
  let recovery = new Map<string, number | null>();
  let probes: ProbesHandle | undefined;
  const summaries = startSummaries({ store: context.store, elapsed: () => journal.elapsed(), write: (e) => journal.write(e) });
  try {
    try {
      alerting = await startAlerting(context, {
        address: options.receiver?.address ?? options.env.GAMEDAY_RECEIVER_ADDRESS ?? '127.0.0.1:0',
        secret: options.receiver?.secret ?? options.env.GAMEDAY_RECEIVER_SECRET,
      });
    } catch (error) {
      throw new PreflightFailure(`the alert receiver could not start: ${message(error)}`);
    }
    await preflight(context, (started) => (services = started));
    // Probes start once the services are up: checks of a service still starting are not part of any steady state.
    probes = startProbes(experiment.steady_state.probes, { clock: context.clock, t0: context.clock.now() - journal.elapsed(), record: (s) => context.store.record(s) });
    await steadyStateBefore(context);
    if (!context.signal.aborted) {
      monitorState.phase = 'faults';
      monitorState.watchStops = true;
      await runDrill(context, state);
      const t0 = context.t0 ?? journal.elapsed();
      await untilTime(context, t0 + plan.faultsEnd, context.signal);
      monitorState.watchStops = false;
      if (!context.signal.aborted) {
        monitorState.phase = 'recovery';
        recovery = (await checkRecovery(context, lastFaultEnd(context, t0 + plan.faultsEnd))).services;
        monitorState.phase = 'steady state after';
        steadyAfter = await steadyStateAfter(context);
        monitorState.phase = 'waiting for alerts';
        await untilAlertDeadlines(context, t0);
      }
    }
  } catch (error) {
    if (error instanceof PreflightFailure) {
      preflightFailed = error.message;
      journal.write({ source: 'runner', type: 'preflight.failed', reason: error.message });
      context.say(`preflight failed: ${error.message}`);
    } else if (!context.signal.aborted) {
      // An error after an abort is the abort's echo (e.g. a service start cut short); anything else is recorded.
      journal.write({ source: 'runner', type: 'error', message: message(error), ...(error instanceof Error && error.stack ? { stack: error.stack } : {}) });
      context.abort({ kind: 'error', error });
    }
  } finally {
    clearTimeout(maxTimer);
  }
  monitorState.phase = 'rollback';
  await probes?.stop();
  const leftBehind = await rollback(context, state, services);
  monitor.stop();
  summaries.stop();
  await alerting?.close();
  progress.done();

  const end = journal.elapsed();
  const events = readJournal(journal.path).events;
  const expectations = judgeExpectations({ plan, events, store: context.store, recovery, steadyStateAfter: steadyAfter, end });
  const why = context.abortReason();
  const verdict = decideVerdict({
    preflightFailed: preflightFailed !== undefined || (why?.kind === 'error' && state.injected === 0),
    stopConditionHit: why?.kind === 'stop_condition' || why?.kind === 'error',
    operatorAbort: why?.kind === 'operator',
    leftBehind,
    steadyStateAfterHeld: steadyAfter,
    expectationsMet: expectations.map((e) => e.met),
  });
  const reason = reasonFor(verdict, { preflightFailed, why, leftBehind, expectations, steadyAfter });
  const exitCode = VERDICT_EXIT_CODES[verdict];
  journal.write({ source: 'runner', type: 'run.ended', verdict, exit_code: exitCode, reason });
  journal.close();
  await closeAll();

  const summary = buildRunSummary({
    runId: context.runId,
    experiment: { name: experiment.name, file: context.experimentFile },
    verdict,
    exitCode,
    reason,
    events: readJournal(journal.path).events,
    store: context.store,
    expectations,
    recovery,
    leftBehind,
    end,
    expectedAlerts: expectedAlertsOf(experiment),
  });
  writeRunSummary(context.dir, summary);
  if (options.junit !== undefined) writeJunit(options.junit, context, verdict, end, expectations, steadyAfter);
  const report = options.report ?? options.output;
  for (const e of expectations) report.write(`  ${e.met ? 'met    ' : 'NOT MET'}  ${e.name}: ${e.detail}\n`);
  report.write(`verdict: ${VERDICT_TEXT[verdict]}${reason === '' ? '' : ` (${reason})`}\n`);
  report.write(`run folder: ${context.dir}\n`);
  return { runId: context.runId, dir: context.dir, verdict, exitCode, summary };
}

/**
 * Waits while an expected alert has not fired and its deadline is still
 * ahead, so a late alert is seen; never past the plan's end.
 */
async function untilAlertDeadlines(context: RunContext, t0: number): Promise<void> {
  const { plan, journal } = context;
  const pendingUntil = (): number => {
    const fired = new Set(readJournal(journal.path).events.flatMap((e) => (e.type === 'alert.triggered' ? [e.alert] : [])));
    const deadlines = [
      ...plan.expectations.flatMap(({ expectation, deadline }) =>
        expectation.type === 'alert_fires' && !fired.has(expectation.alert) ? [deadline] : [],
      ),
      ...plan.expectedAlerts.flatMap((alert) => (alert.deadline !== undefined && !fired.has(alert.name) ? [alert.deadline] : [])),
    ];
    return Math.min(t0 + plan.end, t0 + Math.max(0, ...deadlines));
  };
  while (!context.signal.aborted && journal.elapsed() < pendingUntil()) {
    await untilTime(context, Math.min(pendingUntil(), journal.elapsed() + MONITOR_EVERY_MS), context.signal);
  }
}

/** When the last fault really ended (its `fault.removed`), else the planned end. */
function lastFaultEnd(context: RunContext, planned: number): number {
  const removed = readJournal(context.journal.path).events.filter((e) => e.type === 'fault.removed').map((e) => e.t);
  return removed.length === 0 ? planned : Math.max(...removed);
}

function reasonFor(
  verdict: Verdict,
  facts: { preflightFailed: string | undefined; why: AbortReason | undefined; leftBehind: readonly string[]; expectations: readonly ExpectationResult[]; steadyAfter: boolean | undefined },
): string {
  switch (verdict) {
    case 'rollback_incomplete':
      return `left behind: ${facts.leftBehind.join('; ')}`;
    case 'not_started':
      return facts.preflightFailed ?? (facts.why?.kind === 'error' ? message(facts.why.error) : 'preflight failed');
    case 'aborted_operator':
      return facts.why?.kind === 'operator' ? `stopped by ${facts.why.signal}` : 'stopped by the operator';
    case 'aborted_stop_condition':
      if (facts.why?.kind === 'stop_condition') return `${facts.why.condition}: ${facts.why.detail}`;
      return facts.why?.kind === 'error' ? `the drill failed: ${message(facts.why.error)}` : 'stopped early';
    case 'deviated': {
      const unmet = facts.expectations.filter((e) => !e.met).map((e) => `${e.name}: ${e.detail}`);
      if (facts.steadyAfter === false) unmet.unshift('the steady state did not hold after the faults');
      return unmet.join('; ');
    }
    case 'held':
      return '';
  }
}

function writeJunit(path: string, context: RunContext, verdict: Verdict, end: number, expectations: readonly ExpectationResult[], steadyAfter: boolean | undefined): void {
  const cases = [
    { name: 'steady state after the faults', time: 0, ...(steadyAfter === true ? {} : { failure: steadyAfter === false ? 'the steady state did not hold after the faults' : `not measured (${verdict})` }) },
    ...expectations.map((e) => ({ name: e.name, time: 0, ...(e.met ? {} : { failure: e.detail }) })),
  ];
  writeFileSync(resolve(path), junitXml({ runId: context.runId, experiment: context.experiment.name, verdict, seconds: end / 1000, cases }));
}

