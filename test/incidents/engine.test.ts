import { describe, expect, it } from 'vitest';
import { IncidentNotFoundError, IncidentStateError } from '../../runner/incidents/index.ts';
import { alert, engine, only, types } from './fixtures.ts';

// The incident engine driven by hand-picked times (ms since run start): dedup, grouping, urgency, naming, actions.

const MIN = 60_000;

describe('deduplication', () => {
  it('turns a trigger for an open key into a duplicate, and a trigger after its resolve into a new alert', () => {
    const subject = engine();
    expect(types(subject.ingest(alert(), 1_000))).toEqual(['alert.triggered', 'incident.opened']);
    expect(subject.ingest(alert(), 2_000)).toEqual([
      { source: 'receiver', type: 'alert.deduplicated', dedup_key: 'checkout-latency', origin: 'pagerduty', count: 2 },
    ]);
    expect(subject.ingest(alert(), 3_000)).toMatchObject([{ type: 'alert.deduplicated', count: 3 }]);
    expect(subject.ingest(alert({ action: 'resolve' }), 4_000)).toEqual([
      { source: 'receiver', type: 'alert.resolved', alert: null, origin: 'pagerduty', dedup_key: 'checkout-latency' },
      { source: 'receiver', type: 'incident.resolved', incident: 'inc-1', by: 'prometheus-1', after_ms: 3_000 },
    ]);
    const again = subject.ingest(alert(), 5_000);
    expect(again).toMatchObject([{ type: 'alert.triggered', incident: 'inc-2' }, { type: 'incident.opened', incident: 'inc-2' }]);
    const { alerts } = subject.summary();
    expect(alerts.map((a) => [a.dedup_key, a.count, a.first_at, a.resolved_at])).toEqual([
      ['checkout-latency', 3, 1_000, 4_000],
      ['checkout-latency', 1, 5_000, null],
    ]);
  });

  it('drops acknowledge and resolve for a key that is not open, as PagerDuty does', () => {
    const subject = engine();
    expect(subject.ingest(alert({ action: 'acknowledge' }), 1_000)).toEqual([]);
    expect(subject.ingest(alert({ action: 'resolve' }), 1_000)).toEqual([]);
    expect(subject.summary()).toEqual({ incidents: [], alerts: [] });
  });

  it('takes a sender acknowledging an alert as acknowledging its incident, once', () => {
    const subject = engine();
    subject.ingest(alert(), 1_000);
    expect(subject.ingest(alert({ action: 'acknowledge' }), 4_000)).toEqual([
      { source: 'receiver', type: 'alert.acknowledged', dedup_key: 'checkout-latency', origin: 'pagerduty', by: 'prometheus-1' },
      { source: 'receiver', type: 'incident.acknowledged', incident: 'inc-1', by: 'prometheus-1', after_ms: 3_000 },
    ]);
    expect(subject.ingest(alert({ action: 'acknowledge' }), 5_000)).toEqual([]);
  });
});

describe('grouping into incidents', () => {
  it('groups alerts of one service within the window into one incident, while it is open', () => {
    const subject = engine();
    subject.ingest(alert({ dedup_key: 'a' }), 0);
    expect(subject.ingest(alert({ dedup_key: 'b', severity: 'error' }), 4 * MIN)).toEqual([
      expect.objectContaining({ type: 'alert.triggered', dedup_key: 'b', incident: 'inc-1' }),
      { source: 'runner', type: 'incident.alert_added', incident: 'inc-1', dedup_key: 'b' },
    ]);
    // Past the 5-minute window from the incident's opening: a new incident.
    expect(only(subject.ingest(alert({ dedup_key: 'c' }), 5 * MIN + 1), 'incident.opened')).toMatchObject([{ incident: 'inc-2' }]);
    // Another service: its own incident.
    expect(only(subject.ingest(alert({ dedup_key: 'd', service: 'payments' }), 5 * MIN + 2), 'incident.opened')).toMatchObject([
      { incident: 'inc-3', service: 'payments' },
    ]);
    expect(subject.summary().incidents.map((i) => [i.id, i.alerts])).toEqual([
      ['inc-1', ['a', 'b']],
      ['inc-2', ['c']],
      ['inc-3', ['d']],
    ]);
  });

  it('honours a custom window, and does not join a resolved incident', () => {
    const subject = engine({ groupWindowMs: 10_000 });
    subject.ingest(alert({ dedup_key: 'a' }), 0);
    expect(only(subject.ingest(alert({ dedup_key: 'b' }), 10_001), 'incident.opened')).toHaveLength(1);
    subject.resolve('inc-2', 'alice', 11_000);
    expect(only(subject.ingest(alert({ dedup_key: 'c' }), 12_000), 'incident.opened')).toMatchObject([{ incident: 'inc-3' }]);
  });

  it('groups by component when an alert has no service, and never groups alerts with neither', () => {
    const subject = engine();
    const bare = { service: undefined } as const;
    subject.ingest(alert({ ...bare, dedup_key: 'a', component: 'mysql' }), 0);
    expect(types(subject.ingest(alert({ ...bare, dedup_key: 'b', component: 'mysql' }), 1_000))).toContain('incident.alert_added');
    // A service named like the component is not the same thing.
    expect(types(subject.ingest(alert({ dedup_key: 'c', service: 'mysql' }), 2_000))).toContain('incident.opened');
    expect(types(subject.ingest(alert({ ...bare, dedup_key: 'd' }), 3_000))).toContain('incident.opened');
    expect(types(subject.ingest(alert({ ...bare, dedup_key: 'e' }), 4_000))).toContain('incident.opened');
    expect(subject.summary().incidents.map((i) => i.alerts)).toEqual([['a', 'b'], ['c'], ['d'], ['e']]);
  });

  it('lets a warning join a high-urgency incident but never hides a critical alert in a low-urgency one', () => {
    const subject = engine();
    subject.ingest(alert({ dedup_key: 'warn', severity: 'warning' }), 0);
    expect(only(subject.ingest(alert({ dedup_key: 'crit' }), 1_000), 'incident.opened')).toMatchObject([{ incident: 'inc-2', urgency: 'high' }]);
    expect(types(subject.ingest(alert({ dedup_key: 'info', severity: 'info' }), 2_000))).toContain('incident.alert_added');
    const [low, high] = subject.summary().incidents;
    expect(low).toMatchObject({ id: 'inc-1', urgency: 'low', alerts: ['warn'] });
    expect(high).toMatchObject({ id: 'inc-2', urgency: 'high', severity: 'critical', alerts: ['crit', 'info'] });
  });

  it('raises an incident’s severity to its worst alert', () => {
    const subject = engine();
    subject.ingest(alert({ dedup_key: 'a', severity: 'error' }), 0);
    subject.ingest(alert({ dedup_key: 'b', severity: 'critical' }), 1_000);
    expect(subject.summary().incidents[0]?.severity).toBe('critical');
  });
});

describe('urgency', () => {
  it.each([
    ['critical', 'high', true],
    ['error', 'high', true],
    ['warning', 'low', false],
    ['info', 'low', false],
  ] as const)('%s is %s urgency (actionable: %s)', (severity, urgency, actionable) => {
    const events = engine().ingest(alert({ severity }), 0);
    expect(only(events, 'alert.triggered')[0]?.actionable).toBe(actionable);
    expect(only(events, 'incident.opened')[0]?.urgency).toBe(urgency);
  });

  it('takes a rule’s own urgency over its severity', () => {
    const subject = engine({
      alerts: {
        rules: [
          { name: 'slow', service: 'checkout', severity: 'warning', urgency: 'high', type: 'latency', above: '800ms' },
          { name: 'failing', service: 'payments', severity: 'critical', urgency: 'low', type: 'failures_in_window', count: 5, window: '1m', dedup_key: 'k' },
        ],
      },
    });
    const slow = subject.ingest(alert({ origin: 'rule', dedup_key: 'drill/slow', severity: 'warning', service: undefined }), 0);
    expect(slow).toMatchObject([
      { source: 'rules', type: 'alert.triggered', alert: 'slow', service: 'checkout', actionable: true },
      { type: 'incident.opened', urgency: 'high', service: 'checkout' },
    ]);
    const failing = subject.ingest(alert({ origin: 'rule', dedup_key: 'k', service: undefined, details: { value: 7, detail: '7 failures in 1m' } }), 1_000);
    expect(failing).toMatchObject([
      { type: 'alert.triggered', alert: 'failing', value: 7, detail: '7 failures in 1m', actionable: false },
      { type: 'incident.opened', urgency: 'low', service: 'payments' },
    ]);
  });
});

describe('naming alerts: expected, rule or noise', () => {
  const subject = () =>
    engine({
      alerts: {
        rules: [{ name: 'errors', service: 'checkout', severity: 'error', type: 'error_rate', above: 0.1 }],
        expected: [
          { name: 'CheckoutLatencyHigh', within: '1m' },
          { name: 'db-down', match: { component: 'postgres', severity: 'critical' }, within: '30s' },
        ],
      },
    });

  it('matches by the name in the summary, by match fields, and calls the rest noise', () => {
    const s = subject();
    expect(only(s.ingest(alert({ dedup_key: '1', summary: '[FIRING] checkoutlatencyhigh on web-1' }), 0), 'alert.triggered')[0]?.alert).toBe(
      'CheckoutLatencyHigh',
    );
    expect(only(s.ingest(alert({ dedup_key: '2', component: 'postgres' }), 0), 'alert.triggered')[0]?.alert).toBe('db-down');
    // One field differs: no match.
    expect(only(s.ingest(alert({ dedup_key: '3', component: 'postgres', severity: 'error' }), 0), 'alert.triggered')[0]?.alert).toBeNull();
    expect(only(s.ingest(alert({ origin: 'rule', dedup_key: 'drill/errors', severity: 'error' }), 0), 'alert.triggered')[0]?.alert).toBe('errors');
    expect(s.summary().alerts.map((a) => [a.dedup_key, a.name, a.noise])).toEqual([
      ['1', 'CheckoutLatencyHigh', false],
      ['2', 'db-down', false],
      ['3', null, true],
      ['drill/errors', 'errors', false],
    ]);
  });

  it('never calls an alert of the run’s own rules noise, even one it cannot name', () => {
    const s = subject();
    s.ingest(alert({ origin: 'rule', dedup_key: 'drill/unknown' }), 0);
    expect(s.summary().alerts[0]).toMatchObject({ name: null, noise: false });
  });
});

describe('responder actions', () => {
  it('acknowledges one incident, with the time since it opened, and refuses to do it twice', () => {
    const subject = engine();
    subject.ingest(alert(), 1_000);
    expect(subject.acknowledge('inc-1', 'alice', 43_000)).toEqual([
      { source: 'operator', type: 'incident.acknowledged', incident: 'inc-1', by: 'alice', after_ms: 42_000 },
    ]);
    expect(() => subject.acknowledge('inc-1', 'bob', 50_000)).toThrow(
      new IncidentStateError('incident inc-1 was already acknowledged (by alice, 42s after it opened)'),
    );
    expect(() => subject.acknowledge(undefined, 'bob', 50_000)).toThrow(/no incident to acknowledge: every incident of this run is already/);
  });

  it('names the unknown incident and the known ones, with status 404', () => {
    const subject = engine();
    expect(() => subject.acknowledge('inc-1', 'alice', 0)).toThrow('no incident inc-1 in this run (the run has no incidents yet)');
    subject.ingest(alert(), 0);
    let caught: unknown;
    try {
      subject.note('inc-7', 'looking', 'alice');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(IncidentNotFoundError);
    expect(caught).toMatchObject({ status: 404, message: 'no incident inc-7 in this run (incidents of this run: inc-1)' });
  });

  it('acknowledges and resolves every open incident when none is named', () => {
    const subject = engine();
    subject.ingest(alert({ dedup_key: 'a' }), 0);
    subject.ingest(alert({ dedup_key: 'b', service: 'payments' }), 0);
    expect(only(subject.acknowledge(undefined, 'alice', 5_000), 'incident.acknowledged').map((e) => e.incident)).toEqual(['inc-1', 'inc-2']);
    expect(types(subject.resolve(undefined, 'alice', 9_000))).toEqual(['alert.resolved', 'incident.resolved', 'alert.resolved', 'incident.resolved']);
    expect(() => subject.resolve('inc-1', 'bob', 10_000)).toThrow('incident inc-1 is already resolved (by alice, 9s after it opened)');
    expect(() => subject.acknowledge('inc-2', 'bob', 10_000)).toThrow(IncidentStateError);
  });

  it('resolving an incident resolves its open alerts, so their keys trigger anew', () => {
    const subject = engine();
    subject.ingest(alert(), 0);
    expect(subject.resolve('inc-1', 'alice', 30_000)).toEqual([
      { source: 'operator', type: 'alert.resolved', alert: null, origin: 'pagerduty', dedup_key: 'checkout-latency', detail: 'resolved with incident inc-1 by alice' },
      { source: 'operator', type: 'incident.resolved', incident: 'inc-1', by: 'alice', after_ms: 30_000 },
    ]);
    expect(types(subject.ingest(alert(), 31_000))).toEqual(['alert.triggered', 'incident.opened']);
  });

  it('resolves an incident by itself only when every one of its alerts resolved', () => {
    const subject = engine();
    subject.ingest(alert({ dedup_key: 'a' }), 0);
    subject.ingest(alert({ dedup_key: 'b' }), 1_000);
    expect(types(subject.ingest(alert({ dedup_key: 'a', action: 'resolve' }), 2_000))).toEqual(['alert.resolved']);
    expect(types(subject.ingest(alert({ dedup_key: 'b', action: 'resolve' }), 3_000))).toEqual(['alert.resolved', 'incident.resolved']);
  });

  it('writes notes about an incident or about the run', () => {
    const subject = engine();
    subject.ingest(alert(), 0);
    expect(subject.note('inc-1', 'restarting payments', 'alice')).toEqual([
      { source: 'operator', type: 'responder.note', incident: 'inc-1', by: 'alice', text: 'restarting payments' },
    ]);
    expect(subject.note(undefined, 'all quiet', 'bob')).toEqual([{ source: 'operator', type: 'responder.note', incident: null, by: 'bob', text: 'all quiet' }]);
  });

  it('summarises each incident with its response times', () => {
    const subject = engine();
    subject.ingest(alert(), 10_000);
    subject.acknowledge('inc-1', 'alice', 25_000);
    subject.resolve('inc-1', 'alice', 70_000);
    expect(subject.summary().incidents).toEqual([
      {
        id: 'inc-1',
        title: 'checkout p99 latency high',
        service: 'checkout',
        severity: 'critical',
        urgency: 'high',
        opened_at: 10_000,
        acknowledged_at: 25_000,
        acknowledged_by: 'alice',
        resolved_at: 70_000,
        resolved_by: 'alice',
        time_to_acknowledge: 15_000,
        time_to_resolve: 60_000,
        level: 0,
        alerts: ['checkout-latency'],
      },
    ]);
  });
});
