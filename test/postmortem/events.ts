import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadExperimentText, type Experiment } from '../../runner/experiment/index.ts';
import type { EventOf, EventType, JournalEvent } from '../../runner/journal/index.ts';
import type { PostmortemSource } from '../../runner/postmortem/index.ts';
import { FIXTURES } from './fixture.ts';

type Fields<T extends EventType> = Omit<EventOf<T>, 'seq' | 't' | 'at' | 'type' | 'source'> & { source?: EventOf<T>['source'] };

/** One event at journal time `t` ms; `seq` is given by `journal`. Wall-clock time: 2025-03-02T14:00:00Z + t. */
export const ev = <T extends EventType>(t: number, type: T, fields: Fields<T>): JournalEvent =>
  ({ source: 'runner', ...fields, type, t, seq: 0, at: new Date(Date.parse('2025-03-02T14:00:00.000Z') + t).toISOString() }) as unknown as JournalEvent;

/** Events numbered in the order given. */
export const journal = (...events: JournalEvent[]): JournalEvent[] => events.map((e, i) => ({ ...e, seq: i + 1 }));

/** The paged-incident fixture's experiment (checkout-drill): two services, one `down` fault, rules, expectations, routing. */
export const drill = (): Experiment => {
  const loaded = loadExperimentText(readFileSync(join(FIXTURES, 'paged-incident', 'experiment.yaml'), 'utf8'), 'experiment.yaml');
  if (!loaded.ok) throw new Error('the paged-incident experiment is invalid');
  return loaded.experiment;
};

/** A source of these events; `experiment` null: the experiment file could not be read. */
export const source = (events: JournalEvent[], experiment: Experiment | null = drill()): PostmortemSource => ({
  events,
  journalProblems: [],
  run: undefined,
  experiment: experiment ?? undefined,
  experimentFile: 'experiment.yaml',
});

const RUN = '20250302-140000-checkout-drill-b7c1';
const PROXY = `checkout-to-payments.gd-${RUN}`;
const where = { host: 'default', url: 'http://127.0.0.1:8474' };

export const started = (): JournalEvent =>
  ev(0, 'run.started', {
    run_id: RUN,
    experiment: { name: 'checkout-drill', file: 'experiment.yaml', sha256: '0'.repeat(64) },
    servers: [{ ...where, embedded: true }],
    pid: 1,
    plan: { faults_end: 9_000, end: 20_000, max_duration: 600_000 },
  });

/** payments-down injected at `from` and (unless `to` is null) removed at `to`, journal ms. */
export const fault = (from: number, to: number | null, name = 'payments-down'): JournalEvent[] => [
  ev(from - 1, 'fault.injecting', { ...where, fault: name, proxy: PROXY, toxic: null, kind: 'down', planned_t: from }),
  ev(from, 'fault.injected', { fault: name, drift_ms: 0 }),
  ...(to === null ? [] : [ev(to - 1, 'fault.removing', { fault: name, reason: 'scheduled' }), ev(to, 'fault.removed', { fault: name, how: 'proxy_enabled' })]),
];

/** One second of traffic ending at `t`. */
export const traffic = (t: number, requests: number, failures: number, p50: number, p99: number): JournalEvent =>
  ev(t, 'traffic.summary', {
    source: 'traffic',
    window_ms: 1_000,
    requests,
    failures,
    error_rate: requests === 0 ? 0 : failures / requests,
    latency_ms: { p50, p90: p99, p99, max: p99 },
    errors: {},
  });

export const fired = (t: number, alert: string | null, extra: Partial<EventOf<'alert.triggered'>> = {}): JournalEvent =>
  ev(t, 'alert.triggered', {
    source: 'rules',
    alert,
    origin: alert === null ? 'generic' : 'rule',
    dedup_key: alert ?? 'unknown',
    summary: `${alert ?? 'unknown'} fired`,
    severity: 'critical',
    ...extra,
  });

export const ended = (t: number): JournalEvent => ev(t, 'run.ended', { verdict: 'deviated', exit_code: 1, reason: 'checkout did not recover' });
