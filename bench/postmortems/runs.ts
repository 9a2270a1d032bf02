import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NewEvent } from '../../runner/journal/index.ts';

/** The experiment every synthetic run names (absolute path, so the runs can live anywhere). */
export const BENCH_EXPERIMENT = fileURLToPath(new URL('./experiment.yaml', import.meta.url));

/** A seeded PRNG (mulberry32): the same seed, the same runs. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};

/**
 * Writes `count` run folders (journal.jsonl + run.json) under `dir`, shaped
 * like real runs of bench/postmortems/experiment.yaml (about 110 events
 * each: per-second traffic and probe summaries, two faults, alerts,
 * incidents, acknowledgements, noise, recovery), varied by a seeded random
 * source so findings differ from run to run. Returns the run folders.
 */
export const writeSyntheticRuns = (dir: string, count: number, seed = 1): string[] => {
  const random = prng(seed);
  const sha256 = createHash('sha256').update(readFileSync(BENCH_EXPERIMENT)).digest('hex');
  const start = Date.parse('2025-03-01T09:00:00.000Z');
  return Array.from({ length: count }, (_, index) => {
    const runStart = start + index * 3_600_000;
    const stamp = new Date(runStart).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
    const runId = `${stamp}-bench-checkout-${index.toString(16).padStart(4, '0')}`;
    const runDir = join(dir, runId);
    mkdirSync(runDir, { recursive: true });
    const events = runEvents(runId, sha256, random);
    let seq = 0;
    const lines = events.map(({ t, event }) => JSON.stringify({ seq: ++seq, t, at: new Date(runStart + t).toISOString(), ...event }));
    writeFileSync(join(runDir, 'journal.jsonl'), `${lines.join('\n')}\n`);
    writeFileSync(join(runDir, 'run.json'), JSON.stringify(runJson(runId, events), null, 2));
    return runDir;
  });
};

type Timed = { t: number; event: NewEvent };

const runEvents = (runId: string, sha256: string, random: () => number): Timed[] => {
  const out: Timed[] = [];
  const at = (t: number, event: NewEvent): void => void out.push({ t: Math.round(t * 1000) / 1000, event });
  const T0 = 6_000;
  const jitter = (ms: number): number => ms * (0.8 + random() * 0.4);
  const proxy = (name: string): string => `${name}.gd-${runId}`;
  at(5, { source: 'runner', type: 'run.started', run_id: runId, experiment: { name: 'bench-checkout', file: BENCH_EXPERIMENT, sha256 }, servers: [{ host: 'default', url: 'http://127.0.0.1:8474', embedded: true }], pid: 4242, plan: { faults_end: 10_000, end: 28_000, max_duration: 600_000 } });
  at(6_000, { source: 'probe', type: 'steady_state.checked', when: 'before', held: true, probes: [{ probe: 'checkout', held: true, why: null }] });
  at(T0, { source: 'runner', type: 'phase.started', phase: 'traffic' });
  const slowFrom = T0 + 2_000;
  const slowTo = T0 + 10_000;
  const resetFrom = T0 + 4_000;
  const resetTo = T0 + 8_000;
  at(slowFrom, { source: 'runner', type: 'fault.injecting', host: 'default', url: 'http://127.0.0.1:8474', fault: 'payments-slow', proxy: proxy('checkout-to-payments'), toxic: `payments-slow.gd-${runId}`, kind: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 1000, jitter: 0 }, planned_t: slowFrom });
  at(slowFrom + 4, { source: 'runner', type: 'fault.injected', fault: 'payments-slow', drift_ms: 4 });
  at(resetFrom, { source: 'runner', type: 'fault.injecting', host: 'default', url: 'http://127.0.0.1:8474', fault: 'inventory-reset', proxy: proxy('checkout-to-inventory'), toxic: `inventory-reset.gd-${runId}`, kind: 'reset_peer', stream: 'downstream', toxicity: 1, attributes: { timeout: 0 }, planned_t: resetFrom });
  at(resetFrom + 3, { source: 'runner', type: 'fault.injected', fault: 'inventory-reset', drift_ms: 3 });
  const ruleFires = random() < 0.8;
  const ruleAt = slowFrom + jitter(random() < 0.7 ? 2_500 : 7_000);
  if (ruleFires) {
    at(ruleAt, { source: 'rules', type: 'alert.triggered', alert: 'checkout-slow', origin: 'rule', dedup_key: 'bench-checkout/checkout-slow', summary: 'checkout-slow: p99 1.04s > 800ms', severity: 'error', service: 'checkout', value: 1044, incident: 'inc-1', actionable: true });
    at(ruleAt, { source: 'runner', type: 'incident.opened', incident: 'inc-1', title: 'checkout-slow: p99 1.04s > 800ms', service: 'checkout', severity: 'error', urgency: 'high', alerts: ['bench-checkout/checkout-slow'] });
    at(ruleAt + 2, { source: 'runner', type: 'notification.sent', incident: 'inc-1', to: ['alice', 'bob'], channel: 'page', level: 0, ok: true });
    const ackAfter = jitter(random() < 0.6 ? 12_000 : 45_000);
    if (ackAfter > 30_000) at(ruleAt + 30_000, { source: 'runner', type: 'escalation', incident: 'inc-1', level: 1, to: ['carol'], reason: 'not acknowledged within 30s' });
    at(ruleAt + ackAfter, { source: 'responder', type: 'incident.acknowledged', incident: 'inc-1', by: 'alice', after_ms: ackAfter });
    at(ruleAt + ackAfter + 500, { source: 'responder', type: 'responder.note', incident: 'inc-1', by: 'alice', text: 'Payments p99 is up; looking at the <payments> dashboard & the *retry* settings' });
  }
  const external = random() < 0.5;
  if (external) at(slowFrom + jitter(6_000), { source: 'receiver', type: 'alert.triggered', alert: 'payments-latency', origin: 'alertmanager', dedup_key: 'am/payments-latency', summary: 'payments latency high', severity: 'warning', service: 'payments', actionable: false });
  if (random() < 0.3) at(resetFrom + jitter(1_000), { source: 'receiver', type: 'alert.triggered', alert: null, origin: 'pagerduty', dedup_key: 'disk-full-`db`', summary: 'Disk [almost] full | on db-1 <b>now</b>', severity: 'critical', actionable: true });
  at(resetTo, { source: 'runner', type: 'fault.removing', fault: 'inventory-reset', reason: 'scheduled' });
  at(resetTo + 3, { source: 'runner', type: 'fault.removed', fault: 'inventory-reset', how: 'toxic_removed' });
  at(slowTo, { source: 'runner', type: 'fault.removing', fault: 'payments-slow', reason: 'scheduled' });
  at(slowTo + 3, { source: 'runner', type: 'fault.removed', fault: 'payments-slow', how: 'toxic_removed' });
  at(slowTo + 20, { source: 'runner', type: 'phase.started', phase: 'recovery' });
  const recovers = random() < 0.9;
  const recoveredAfter = Math.round(jitter(recovers && random() < 0.8 ? 1_500 : 12_000));
  at(slowTo + 3 + recoveredAfter, { source: 'probe', type: 'recovery.checked', service: 'checkout', recovered: recovers, after_ms: recovers ? recoveredAfter : null, detail: recovers ? 'probes within tolerance over the last 1s' : 'p99 still 1.2s after 15s' });
  if (ruleFires) at(slowTo + 2_500, { source: 'rules', type: 'alert.resolved', alert: 'checkout-slow', origin: 'rule', dedup_key: 'bench-checkout/checkout-slow' });
  for (let s = 1; s <= 26; s += 1) {
    const t = T0 - 6_000 + s * 1_000 + 30;
    const during = t > slowFrom && t < slowTo + 1_000;
    const p99 = during ? jitter(1_150) : jitter(80);
    const failures = t > resetFrom && t < resetTo ? Math.round(random() * 6) : 0;
    at(t, { source: 'traffic', type: 'traffic.summary', window_ms: 1_000, requests: 20, failures, error_rate: failures / 20, latency_ms: { p50: p99 / 3, p90: p99 * 0.9, p99, max: p99 * 1.1 }, errors: failures > 0 ? { reset: failures } : {} });
    at(t + 1, { source: 'probe', type: 'probe.summary', probe: 'checkout', window_ms: 1_000, checks: 4, failures: 0, latency_ms: { p50: p99 / 3, p90: p99 * 0.9, p99, max: p99 }, last_error: null });
  }
  const end = Math.max(slowTo + 15_000, ...out.map((e) => e.t)) + 3_500;
  at(end - 3_000, { source: 'probe', type: 'steady_state.checked', when: 'after', held: recovers, probes: [{ probe: 'checkout', held: recovers, why: recovers ? null : 'p99 1.2s > 800ms' }] });
  at(end - 200, { source: 'runner', type: 'phase.started', phase: 'rollback' });
  at(end - 50, { source: 'runner', type: 'rollback.completed', complete: true, left: [] });
  at(end, { source: 'runner', type: 'run.ended', verdict: 'deviated', exit_code: 1, reason: 'checkout-stays-fast: p99 1.2s during the faults (expected below 800ms)' });
  return out.sort((a, b) => a.t - b.t);
};

const runJson = (runId: string, events: readonly Timed[]) => {
  const traffic = events.flatMap(({ event }) => (event.type === 'traffic.summary' ? [event] : []));
  const requests = traffic.reduce((n, e) => n + e.requests, 0);
  const failures = traffic.reduce((n, e) => n + e.failures, 0);
  return {
    run_id: runId,
    experiment: { name: 'bench-checkout', file: BENCH_EXPERIMENT },
    verdict: 'deviated',
    exit_code: 1,
    reason: 'checkout-stays-fast: p99 1.2s during the faults (expected below 800ms)',
    traffic: { requests, failures, error_rate: failures / requests, latency_ms: { p50: 40, p90: 1_000, p95: 1_100, p99: 1_200, max: 1_300 }, errors: {} },
    expectations: [{ name: 'checkout-stays-fast', type: 'latency', met: false, value: 1_200, detail: 'p99 1.2s during the faults (expected below 800ms)' }],
    left_behind: [],
  };
};
