import { describe, expect, it } from 'vitest';
import { computeFacts } from '../../runner/postmortem/index.ts';
import { ended, ev, fault, fired, journal, source, started, traffic } from './events.ts';

// computeFacts: a journal (+ run.json, + the experiment) measured. Times in the journal are ms since the run started.

const recovered = (t: number, after: number | null, ok = true) =>
  ev(t, 'recovery.checked', { source: 'probe', service: 'checkout', recovered: ok, after_ms: after, detail: ok ? 'within tolerance' : 'still failing' });

describe('the impact window', () => {
  it('runs from the first fault injected to the recovery of every service', () => {
    const facts = computeFacts(source(journal(started(), ...fault(4_000, 9_000), recovered(11_000, 1_500), ended(12_000))));
    expect(facts.impact).toMatchObject({ start: { t: 4_000 }, end: { t: 10_500 }, durationMs: 6_500, endReason: 'recovered' });
    expect(facts.recovered?.at).toBe('2025-03-02T14:00:10.500Z');
    expect(facts.timeToRecoverMs).toBe(1_500);
    expect(facts.origin).toBe(4_000);
  });

  it('ends with the last fault removed when recovery was not measured', () => {
    const facts = computeFacts(source(journal(started(), ...fault(4_000, 9_000), ...fault(5_000, 7_000, 'second'), ended(12_000))));
    expect(facts.impact).toMatchObject({ durationMs: 5_000, endReason: 'faults-removed' });
    expect(facts.faults.map((f) => [f.name, f.service, f.dependency])).toEqual([
      ['payments-down', 'checkout', 'payments'],
      ['second', 'checkout', 'payments'],
    ]);
  });

  it('has no end when a service did not recover, or a fault stayed on', () => {
    const notRecovered = computeFacts(source(journal(started(), ...fault(4_000, 9_000), recovered(14_000, null, false), ended(15_000))));
    expect(notRecovered.impact).toMatchObject({ end: null, durationMs: null, endReason: 'not-recovered' });
    expect(notRecovered.severity).toBe('SEV1');
    const left = computeFacts(source(journal(started(), ...fault(4_000, null))));
    expect(left.impact).toMatchObject({ end: null, endReason: 'faults-left' });
    expect(left.verdict).toBe('unfinished');
  });

  it('is empty when no fault was injected; T+0 is then the start of the traffic', () => {
    const facts = computeFacts(source(journal(started(), ev(3_000, 'phase.started', { phase: 'traffic' }), ended(5_000))));
    expect(facts.impact).toEqual({ start: null, end: null, durationMs: null, endReason: 'no-fault' });
    expect(facts.origin).toBe(3_000);
    expect(facts.detected).toBeNull();
  });
});

describe('traffic before, during and after the faults', () => {
  it('puts each 1-second summary in the phase its middle falls in, and sums requests and failures', () => {
    const facts = computeFacts(
      source(journal(started(), traffic(3_000, 10, 0, 20, 40), traffic(4_400, 10, 1, 30, 100), ...fault(4_000, 6_000),
        traffic(5_400, 10, 5, 50, 900), traffic(6_400, 10, 2, 40, 300), traffic(7_400, 10, 0, 20, 50), ended(8_000))),
    );
    expect(facts.traffic.from).toBe('traffic');
    expect(facts.traffic.before).toMatchObject({ requests: 20, failures: 1, errorRate: 0.05, windows: 2, p99: 100 });
    expect(facts.traffic.during).toMatchObject({ requests: 20, failures: 7, errorRate: 0.35, windows: 2, p99: 900 });
    expect(facts.traffic.after).toMatchObject({ requests: 10, failures: 0, errorRate: 0, p50: 20 });
    expect(facts.traffic.total).toEqual({ requests: 50, failures: 8, errorRate: 0.16 });
    expect(facts.severity).toBe('SEV1');
  });

  it('takes the p50 as the request-weighted median of the windows', () => {
    const facts = computeFacts(source(journal(started(), ...fault(1_000, 9_000), traffic(3_000, 1, 0, 900, 900), traffic(4_000, 12, 0, 10, 20), traffic(5_000, 10, 0, 30, 40))));
    expect(facts.traffic.during.p50).toBe(10);
  });

  it('uses the probes when the experiment had no traffic, and says when nothing was measured', () => {
    const probe = ev(5_000, 'probe.summary', { source: 'probe', probe: 'checkout', window_ms: 1_000, checks: 4, failures: 1, latency_ms: null, last_error: 'refused' });
    expect(computeFacts(source(journal(started(), ...fault(4_000, 9_000), probe))).traffic).toMatchObject({ from: 'probes', during: { requests: 4, failures: 1, p99: null } });
    expect(computeFacts(source(journal(started()))).traffic).toMatchObject({ from: 'none', total: { requests: 0, errorRate: null } });
  });
});

describe('detection and response', () => {
  it('is detected by the first alert the experiment knows, preferred to noise that came first', () => {
    const facts = computeFacts(source(journal(started(), ...fault(4_000, 9_000), fired(4_500, null, { dedup_key: 'disk' }), fired(6_400, 'checkout-errors'))));
    expect(facts.detected).toMatchObject({ t: 6_400, by: 'checkout-errors' });
    expect(facts.timeToDetectMs).toBe(2_400);
    const onlyNoise = computeFacts(source(journal(started(), ...fault(4_000, 9_000), fired(4_500, null, { dedup_key: 'disk' }))));
    expect(onlyNoise.detected).toMatchObject({ by: 'disk' });
  });

  it('measures each expected alert from its fault, and counts triggers, repeats and noise', () => {
    const facts = computeFacts(
      source(journal(started(), fired(1_000, 'checkout-errors'), ...fault(4_000, 9_000), fired(6_400, 'checkout-errors'),
        fired(6_500, null, { dedup_key: 'x', origin: 'generic' }), ev(6_600, 'alert.deduplicated', { dedup_key: 'x', origin: 'generic', count: 2 }),
        fired(7_000, 'checkout-latency'))),
    );
    expect(facts.alerts.expected).toEqual([
      { name: 'payments-down-alert', withinMs: 10_000, fault: 'payments-down', first: null, timeToDetectMs: null, inTime: false, count: 0, service: null },
      { name: 'checkout-errors', withinMs: 2_000, fault: 'payments-down', first: { t: 6_400, at: '2025-03-02T14:00:06.400Z' }, timeToDetectMs: 2_400, inTime: false, count: 2, service: 'checkout' },
    ]);
    expect(facts.alerts.unexpected).toMatchObject([{ dedupKey: 'x', count: 2, fault: 'payments-down' }]);
    expect(facts.alerts.silentBroken).toMatchObject([{ name: 'checkout-latency', count: 1 }]);
    expect(facts.alerts).toMatchObject({ received: 5, unique: 3, noise: 2 });
  });

  it('measures every incident: detect from its fault, acknowledge and recover from its opening', () => {
    const facts = computeFacts(
      source(journal(started(), ...fault(4_000, 9_000), fired(6_400, 'checkout-errors', { incident: 'inc-1' }),
        ev(6_400, 'incident.opened', { incident: 'inc-1', title: 'errors', service: 'checkout', severity: 'critical', urgency: 'high', alerts: ['k'] }),
        ev(16_400, 'escalation', { incident: 'inc-1', level: 1, to: ['carol'], reason: 'no ack' }),
        ev(17_000, 'incident.acknowledged', { incident: 'inc-1', by: 'carol', after_ms: 10_600 }),
        ev(17_200, 'responder.note', { incident: 'inc-1', by: 'carol', text: 'looking' }),
        ev(19_000, 'incident.resolved', { incident: 'inc-1', by: 'carol', after_ms: 12_600 }))),
    );
    expect(facts.incidents).toEqual([
      expect.objectContaining({ id: 'inc-1', fault: 'payments-down', timeToDetectMs: 2_400, timeToAcknowledgeMs: 10_600, acknowledgedBy: 'carol',
        timeToRecoverMs: 12_600, resolvedBy: 'carol', ackDeadlineMs: 10_000, escalations: 1, alerts: 1, notes: [{ by: 'carol', text: 'looking', t: 17_200 }] }),
    ]);
    expect(facts.acknowledged).toMatchObject({ t: 17_000, by: 'carol' });
    expect(facts.timeToAcknowledgeMs).toBe(10_600);
  });
});

describe('expectations', () => {
  it('are judged from the journal when there is no run.json, except those that need samples', () => {
    const facts = computeFacts(source(journal(started(), ...fault(4_000, 9_000), fired(5_000, 'checkout-errors'), recovered(12_000, 3_000), ended(13_000))));
    expect(facts.expectations.map((x) => [x.name, x.met])).toEqual([
      ['checkout-errors fires', true],
      ['payments-down-alert fires', false],
      ['checkout-latency stays silent', true],
      ['errors-stay-low', null],
      ['checkout recovers', true],
    ]);
    expect(facts.expectations.find((x) => x.name === 'checkout recovers')).toMatchObject({ service: 'checkout', detail: 'checkout recovered 3.0s after the fault ended (expected within 5.0s)' });
  });

  it('take run.json\'s judgement when the run left one', () => {
    const run = { run_id: 'r', verdict: 'held' as const, reason: 'ok', expectations: [{ name: 'errors-stay-low', type: 'error_rate', met: false, value: 0.6, detail: 'error rate 60%' }], left_behind: [] };
    const facts = computeFacts({ ...source(journal(started(), ...fault(4_000, 9_000))), run });
    expect(facts.expectations.find((x) => x.name === 'errors-stay-low')).toMatchObject({ met: false, detail: 'error rate 60%' });
  });

  it('without the experiment, are run.json\'s, and services come from the journal', () => {
    const run = { run_id: 'r', verdict: 'held' as const, reason: 'ok', expectations: [{ name: 'e', type: 'latency', met: true, value: 1, detail: 'fine' }], left_behind: [] };
    const facts = computeFacts({ ...source(journal(started(), ...fault(4_000, 9_000), fired(5_000, 'a', { service: 'web' })), null), run });
    expect(facts.expectations).toEqual([{ name: 'e', type: 'latency', met: true, detail: 'fine', fault: null, service: null, alert: null }]);
    expect(facts.services).toEqual([{ name: 'web', owner: null, importance: null, description: null }]);
    expect(facts.alerts.expected).toEqual([]);
  });
});
