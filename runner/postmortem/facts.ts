import { planExperiment, type Plan } from '../experiment/index.ts';
import type { EventOf, JournalEvent } from '../journal/index.ts';
import { alertFacts, type AlertFacts } from './facts-alerts.ts';
import { expectationFacts, type ExpectationFact } from './facts-expectations.ts';
import { faultFacts, type FaultFact } from './facts-faults.ts';
import { incidentFacts, type IncidentFact } from './facts-incidents.ts';
import { responseFacts, type ResponseFact } from './facts-responses.ts';
import { trafficFacts, type TrafficFacts } from './facts-traffic.ts';
import type { PostmortemSeverity } from './schema.ts';
import { severityOf } from './severity.ts';
import type { PostmortemSource } from './source.ts';

/** A moment of the run: journal ms (`t`) and wall-clock ISO time (`at`). */
export interface Instant {
  t: number;
  at: string;
}

export interface ServiceFact {
  name: string;
  /** The owning team, from the experiment. */
  owner: string | null;
  importance: string | null;
  description: string | null;
}

export interface RecoveryFact {
  service: string;
  recovered: boolean;
  /** From the end of the last fault to the first check within tolerance, ms. */
  afterMs: number | null;
  detail: string;
  /** When it was checked: for a recovered service, the moment it was back within tolerance (the check is written then). */
  checked: Instant;
}

/**
 * What a run's journal says happened, measured: the middle of the
 * postmortem pipeline (facts → findings → action items → text). Pure: the
 * same source gives the same facts; no clock, no files.
 */
export interface Facts {
  runId: string;
  /** ISO date of the run (from run.started), never the date of generation. */
  date: string;
  startedAt: string | null;
  /** The last event's time: the run.ended of a finished run, the last sign of life of an unfinished one. */
  endedAt: string | null;
  /** `loaded`: the experiment file was read (owners, expectations and descriptions come from it). */
  experiment: { name: string; file: string | null; description: string | null; hypothesis: string | null; loaded: boolean };
  verdict: string;
  verdictReason: string;
  ended: boolean;
  services: ServiceFact[];
  faults: FaultFact[];
  /** T+0 of the timeline: the first fault injected, else when the traffic started, else the run's start; journal ms. */
  origin: number;
  impact: { start: Instant | null; end: Instant | null; durationMs: number | null; endReason: 'recovered' | 'faults-removed' | 'not-recovered' | 'faults-left' | 'no-fault' };
  /** The first alert triggered after the impact started (one the experiment knows, else any), and which. */
  detected: (Instant & { by: string }) | null;
  acknowledged: (Instant & { by: string }) | null;
  recovered: Instant | null;
  timeToDetectMs: number | null;
  timeToAcknowledgeMs: number | null;
  /** End of the last fault → recovered. */
  timeToRecoverMs: number | null;
  /** End of the last fault, journal ms. */
  faultsEnd: number | null;
  traffic: TrafficFacts;
  alerts: AlertFacts;
  incidents: IncidentFact[];
  /** Acknowledgements, notes and resolutions, by people or the automated responder, in journal order. */
  responses: ResponseFact[];
  recovery: RecoveryFact[];
  expectations: ExpectationFact[];
  steadyState: { before: boolean | null; after: boolean | null };
  stopCondition: { condition: string; detail: string } | null;
  /** What the rollback (or the cleanup after a crash) removed: complete, or what was left. */
  rollback: { complete: boolean | null; left: string[] };
  severity: PostmortemSeverity;
}

/** Plans by experiment: the runs of one experiment in a batch share its (already read) experiment object. */
const plans = new WeakMap<object, Plan>();
const planOf = (experiment: NonNullable<PostmortemSource['experiment']>): Plan => {
  let plan = plans.get(experiment);
  if (plan === undefined) {
    plan = planExperiment(experiment);
    plans.set(experiment, plan);
  }
  return plan;
};

export const computeFacts = (source: PostmortemSource): Facts => {
  const { events, experiment, run } = source;
  const plan: Plan | undefined = experiment === undefined ? undefined : planOf(experiment);
  const started = first(events, 'run.started');
  const ended = first(events, 'run.ended');
  const base = started ?? events[0];
  const isoAt = (t: number): string => (base === undefined ? new Date(0).toISOString() : new Date(Date.parse(base.at) + (t - base.t)).toISOString());

  const faults = faultFacts(events, experiment, plan);
  const firstFault = faults.filter((f) => f.injected !== null).sort((a, b) => a.injected!.t - b.injected!.t)[0];
  const impactStart = firstFault?.injected ?? null;
  const allRemoved = faults.every((f) => f.injected === null || f.removed !== null);
  const removals = faults.flatMap((f) => (f.removed === null ? [] : [f.removed.t]));
  const faultsEnd = impactStart === null || removals.length === 0 ? null : Math.max(...removals);

  const recovery = all(events, 'recovery.checked').map((e) => ({
    service: e.service,
    recovered: e.recovered,
    afterMs: e.after_ms,
    detail: e.detail,
    checked: { t: e.t, at: e.at },
  }));
  const notRecovered = recovery.some((r) => !r.recovered);
  const recoveredT =
    faultsEnd === null || recovery.length === 0 || notRecovered ? null : faultsEnd + Math.max(...recovery.map((r) => r.afterMs ?? 0));
  const recovered = recoveredT === null ? null : { t: recoveredT, at: isoAt(recoveredT) };

  const impact = impactOf(impactStart, recovered, faultsEnd, allRemoved, notRecovered, isoAt);
  // Detected by the first alert the experiment knows (a rule or an expected alert); failing that, by any alert.
  const fired = impactStart === null ? [] : all(events, 'alert.triggered').filter((e) => e.t >= impactStart.t);
  const detectedEvent = fired.find((e) => e.alert !== null) ?? fired[0];
  const detected = detectedEvent === undefined ? null : { t: detectedEvent.t, at: detectedEvent.at, by: detectedEvent.alert ?? detectedEvent.dedup_key };
  const ackEvent =
    detected === null
      ? undefined
      : events.find((e): e is EventOf<'incident.acknowledged' | 'alert.acknowledged'> => (e.type === 'incident.acknowledged' || e.type === 'alert.acknowledged') && e.t >= detected.t);
  const acknowledged = ackEvent === undefined ? null : { t: ackEvent.t, at: ackEvent.at, by: ackEvent.by };

  const alerts = alertFacts(events, experiment, faults);
  const faultEnds = new Map(faults.flatMap((f) => (f.removed === null ? [] : [[f.name, f.removed.t] as const])));
  const expectations = expectationFacts({ events, experiment, plan, run, expectedAlerts: alerts.expected, silentBroken: alerts.silentBroken, faultsEnd, faultEnds });
  const traffic = trafficFacts(events, run, impactStart?.t ?? null, faultsEnd);
  const stop = first(events, 'stop_condition.hit');
  // The run's own rollback, else the cleanup of `gameday recover` or the watchdog after the runner stopped.
  const rollback = first(events, 'rollback.completed') ?? first(events, 'run.recovered');
  const verdict = ended?.verdict ?? 'unfinished';
  const severities = ['critical', 'error', 'warning', 'info'];
  const worstAlert = severities.find((s) => all(events, 'alert.triggered').some((e) => e.severity === s)) ?? null;

  return {
    runId: started?.run_id ?? run?.run_id ?? 'unknown',
    date: (started?.at ?? base?.at ?? '1970-01-01').slice(0, 10),
    startedAt: started?.at ?? null,
    endedAt: events.at(-1)?.at ?? null,
    experiment: {
      name: experiment?.name ?? started?.experiment.name ?? 'unknown',
      file: source.experimentFile ?? started?.experiment.file ?? null,
      description: experiment?.description ?? null,
      hypothesis: experiment?.steady_state.hypothesis ?? null,
      loaded: experiment !== undefined,
    },
    verdict,
    verdictReason: ended?.reason ?? run?.reason ?? 'the journal ends before the run did (the runner stopped)',
    ended: ended !== undefined,
    services: servicesOf(source, events),
    faults,
    origin: impactStart?.t ?? first(events, 'phase.started', (e) => e.phase === 'traffic')?.t ?? base?.t ?? 0,
    impact,
    detected,
    acknowledged,
    recovered,
    timeToDetectMs: detected === null || impactStart === null ? null : detected.t - impactStart.t,
    timeToAcknowledgeMs: acknowledged === null || detected === null ? null : acknowledged.t - detected.t,
    timeToRecoverMs: recovered === null || faultsEnd === null ? null : recovered.t - faultsEnd,
    faultsEnd,
    traffic,
    alerts,
    incidents: incidentFacts(events, experiment, faults),
    responses: responseFacts(events, alerts.spans),
    recovery,
    expectations,
    steadyState: {
      before: first(events, 'steady_state.checked', (e) => e.when === 'before')?.held ?? null,
      after: first(events, 'steady_state.checked', (e) => e.when === 'after')?.held ?? null,
    },
    stopCondition: stop === undefined ? null : { condition: stop.condition, detail: stop.detail },
    rollback: { complete: rollback?.complete ?? null, left: rollback?.left ?? run?.left_behind ?? [] },
    severity: severityOf({
      errorRateDuring: traffic.during.errorRate,
      notRecovered,
      stopConditionHit: stop !== undefined,
      worstAlert,
      deviated: verdict !== 'held' || expectations.some((x) => x.met === false),
    }),
  };
};

const impactOf = (
  start: Instant | null,
  recovered: Instant | null,
  faultsEnd: number | null,
  allRemoved: boolean,
  notRecovered: boolean,
  isoAt: (t: number) => string,
): Facts['impact'] => {
  if (start === null) return { start: null, end: null, durationMs: null, endReason: 'no-fault' };
  const over = (end: Instant, reason: 'recovered' | 'faults-removed') => ({ start, end, durationMs: end.t - start.t, endReason: reason });
  if (notRecovered) return { start, end: null, durationMs: null, endReason: 'not-recovered' };
  if (recovered !== null) return over(recovered, 'recovered');
  if (faultsEnd !== null && allRemoved) return over({ t: faultsEnd, at: isoAt(faultsEnd) }, 'faults-removed');
  return { start, end: null, durationMs: null, endReason: 'faults-left' };
};

/** The experiment's services; without it, those the journal names. */
const servicesOf = (source: PostmortemSource, events: readonly JournalEvent[]): ServiceFact[] => {
  if (source.experiment !== undefined) {
    return source.experiment.services.map((s) => ({ name: s.name, owner: s.owner, importance: s.importance, description: s.description ?? null }));
  }
  const names = new Set<string>();
  for (const e of events) {
    if (e.type === 'service.started' || e.type === 'recovery.checked') names.add(e.service);
    if (e.type === 'alert.triggered' && e.service !== undefined) names.add(e.service);
  }
  return [...names].map((name) => ({ name, owner: null, importance: null, description: null }));
};

type Of<T extends JournalEvent['type']> = EventOf<T>;
const all = <T extends JournalEvent['type']>(events: readonly JournalEvent[], type: T): Of<T>[] =>
  events.filter((e): e is Of<T> => e.type === type);
const first = <T extends JournalEvent['type']>(events: readonly JournalEvent[], type: T, where: (e: Of<T>) => boolean = () => true): Of<T> | undefined =>
  events.find((e): e is Of<T> => e.type === type && where(e as Of<T>));
