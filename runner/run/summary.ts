import { writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { expectedAlertsOf, responseMetrics } from '../incidents/index.ts';
import type { JournalEvent, Verdict } from '../journal/index.ts';
import { TRAFFIC, type SampleStore } from '../samples/index.ts';
import type { ExpectationResult } from './expectations.ts';
import { faultWindows } from './expectations.ts';

export const RUN_FILE = 'run.json';

export interface RunSummaryInput {
  runId: string;
  experiment: { name: string; file: string };
  verdict: Verdict;
  exitCode: number;
  reason: string;
  events: readonly JournalEvent[];
  store: Pick<SampleStore, 'totals'>;
  expectations: readonly ExpectationResult[];
  recovery: ReadonlyMap<string, number | null>;
  leftBehind: readonly string[];
  /** Journal time of the end of the run, ms. */
  end: number;
  /** The alerts the team expected (rules and alerts.expected named by expectations). */
  expectedAlerts: ReturnType<typeof expectedAlertsOf>;
}

/**
 * `run.json`: the run in one document, for people skimming a run folder
 * and for CI. The journal stays the record; this is derived from it.
 */
export function buildRunSummary(input: RunSummaryInput) {
  const { events } = input;
  const started = events.find((e) => e.type === 'run.started');
  const ofType = <T extends JournalEvent['type']>(type: T) => events.filter((e): e is Extract<JournalEvent, { type: T }> => e.type === type);
  const injected = new Map(ofType('fault.injecting').map((e) => [e.fault, e]));
  const drift = new Map(ofType('fault.injected').map((e) => [e.fault, e.drift_ms]));
  const traffic = input.store.totals(TRAFFIC);
  return {
    run_id: input.runId,
    experiment: input.experiment,
    started_at: started?.at ?? null,
    ended_at: events.at(-1)?.at ?? null,
    duration_ms: Math.round(input.end),
    verdict: input.verdict,
    exit_code: input.exitCode,
    reason: input.reason,
    servers: started?.type === 'run.started' ? started.servers : [],
    proxies: proxiesOf(events),
    faults: faultWindows(events, input.end).map((w) => {
      const planned = injected.get(w.fault);
      return {
        name: w.fault,
        kind: planned?.kind ?? null,
        proxy: planned?.proxy ?? null,
        host: planned?.host ?? null,
        from_ms: Math.round(w.from),
        to_ms: Math.round(w.to),
        drift_ms: drift.get(w.fault) ?? null,
      };
    }),
    traffic: { requests: traffic.count, failures: traffic.failures, error_rate: traffic.errorRate, latency_ms: traffic.latency, errors: traffic.errors },
    steady_state: {
      before: ofType('steady_state.checked').find((e) => e.when === 'before')?.held ?? null,
      after: ofType('steady_state.checked').find((e) => e.when === 'after')?.held ?? null,
    },
    recovery_ms: Object.fromEntries(input.recovery),
    alerts: ofType('alert.triggered').map((e) => ({ alert: e.alert, origin: e.origin, severity: e.severity, t_ms: Math.round(e.t) })),
    response: responseMetrics(events, input.expectedAlerts),
    stop_condition: ofType('stop_condition.hit')[0]?.condition ?? null,
    expectations: input.expectations,
    left_behind: input.leftBehind,
  };
}

export type RunSummary = ReturnType<typeof buildRunSummary>;

/**
 * Each proxy the run made (or began to make), on which host and server, the
 * address it listened on, and how it went away: `deleted`, `already_gone`,
 * or null while it is still there (a rollback that could not reach its host).
 */
function proxiesOf(events: readonly JournalEvent[]) {
  const proxies = new Map<string, { name: string; host: string; url: string; listen: string; upstream: string; removed: string | null }>();
  const key = (host: string, name: string): string => `${host}\u0000${name}`;
  for (const event of events) {
    if (event.type === 'proxy.creating') {
      proxies.set(key(event.host, event.name), { name: event.name, host: event.host, url: event.url, listen: event.listen, upstream: event.upstream, removed: null });
    } else if (event.type === 'proxy.created') {
      const proxy = proxies.get(key(event.host, event.name));
      if (proxy !== undefined) proxy.listen = event.listen;
    } else if (event.type === 'proxy.deleted') {
      const proxy = proxies.get(key(event.host, event.name));
      if (proxy !== undefined) proxy.removed = event.how ?? 'deleted';
    }
  }
  return [...proxies.values()];
}

/** Written whole or not at all (a temporary file renamed into place). */
export function writeRunSummary(dir: string, summary: RunSummary): string {
  const path = join(dir, RUN_FILE);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(summary, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
  return path;
}
