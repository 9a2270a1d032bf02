import { expect, it } from 'vitest';
import { responseMetrics } from '../../runner/incidents/index.ts';
import { journalEventSchema, type JournalEvent, type NewEvent } from '../../runner/journal/index.ts';

// Response metrics from a journal written by hand: each line [t in ms, event].

const journal = (lines: [number, NewEvent][]): JournalEvent[] =>
  lines.map(([t, event], index) => journalEventSchema.parse({ seq: index + 1, t, at: new Date(1_700_000_000_000 + t).toISOString(), ...event }));

const triggered = (fields: { alert: string | null; dedup_key: string; incident: string; origin?: 'rule' | 'alertmanager' }): NewEvent => ({
  source: fields.origin === 'rule' ? 'rules' : 'receiver',
  type: 'alert.triggered',
  origin: fields.origin ?? 'alertmanager',
  summary: `${fields.dedup_key} firing`,
  severity: 'critical',
  service: 'checkout',
  alert: fields.alert,
  dedup_key: fields.dedup_key,
  incident: fields.incident,
});

const opened = (incident: string, key: string): NewEvent => ({
  source: 'runner',
  type: 'incident.opened',
  incident,
  title: `${key} firing`,
  service: 'checkout',
  severity: 'critical',
  urgency: 'high',
  alerts: [key],
});

const events = journal([
  [10_000, { source: 'runner', type: 'fault.injected', fault: 'slow-db', drift_ms: 1 }],
  [22_500, triggered({ alert: 'CheckoutSlow', dedup_key: 'am-1', incident: 'inc-1' })],
  [22_500, opened('inc-1', 'am-1')],
  [30_000, triggered({ alert: null, dedup_key: 'disk', incident: 'inc-1' })],
  [30_000, { source: 'runner', type: 'incident.alert_added', incident: 'inc-1', dedup_key: 'disk' }],
  [40_000, { source: 'runner', type: 'fault.injected', fault: 'drop-payments', drift_ms: 0 }],
  [52_500, { source: 'operator', type: 'incident.acknowledged', incident: 'inc-1', by: 'alice', after_ms: 30_000 }],
  [55_000, triggered({ alert: 'errors', dedup_key: 'drill/errors', incident: 'inc-2', origin: 'rule' })],
  [55_000, opened('inc-2', 'drill/errors')],
  [60_000, triggered({ alert: null, dedup_key: 'disk', incident: 'inc-1' })],
  [115_000, { source: 'runner', type: 'escalation', incident: 'inc-2', level: 1, to: ['lead'], reason: 'not acknowledged within 1m at level 0' }],
  [142_500, { source: 'operator', type: 'incident.resolved', incident: 'inc-1', by: 'alice', after_ms: 120_000 }],
]);

it('measures detection, acknowledgement and recovery per incident, from the fault each follows', () => {
  const { incidents } = responseMetrics(events, []);
  expect(incidents).toEqual([
    {
      incident: 'inc-1',
      title: 'am-1 firing',
      service: 'checkout',
      severity: 'critical',
      urgency: 'high',
      opened_ms: 22_500,
      fault: 'slow-db',
      time_to_detect_ms: 12_500,
      time_to_acknowledge_ms: 30_000,
      acknowledged_by: 'alice',
      time_to_recover_ms: 120_000,
      resolved_by: 'alice',
      alerts: 2,
      escalations: 0,
    },
    expect.objectContaining({
      incident: 'inc-2',
      fault: 'drop-payments',
      time_to_detect_ms: 15_000,
      time_to_acknowledge_ms: null,
      time_to_recover_ms: null,
      escalations: 1,
    }),
  ]);
});

it('sorts expected alerts into fired (with time to detect) and never fired, and lists the noise', () => {
  const { alerts } = responseMetrics(events, [
    { name: 'CheckoutSlow', within: 10_000 },
    { name: 'errors', after: 'drop-payments', within: 30_000 },
    { name: 'PaymentsDown', after: 'drop-payments' },
  ]);
  expect(alerts.fired).toEqual([
    { name: 'CheckoutSlow', count: 1, first_ms: 22_500, fault: 'slow-db', time_to_detect_ms: 12_500, within_ms: 10_000, in_time: false },
    { name: 'errors', count: 1, first_ms: 55_000, fault: 'drop-payments', time_to_detect_ms: 15_000, within_ms: 30_000, in_time: true },
  ]);
  expect(alerts.never_fired).toEqual(['PaymentsDown']);
  expect(alerts.unexpected).toEqual([
    { dedup_key: 'disk', summary: 'disk firing', origin: 'alertmanager', severity: 'critical', first_ms: 30_000, count: 2, incident: 'inc-1' },
  ]);
});

it('has no time to detect when no fault came before the alert, or it fired only before its fault', () => {
  const early = journal([
    [1_000, triggered({ alert: 'CheckoutSlow', dedup_key: 'a', incident: 'inc-1' })],
    [1_000, opened('inc-1', 'a')],
    [5_000, { source: 'runner', type: 'fault.injected', fault: 'slow-db', drift_ms: 0 }],
  ]);
  const metrics = responseMetrics(early, [{ name: 'CheckoutSlow', within: 60_000 }]);
  expect(metrics.incidents[0]).toMatchObject({ fault: null, time_to_detect_ms: null });
  expect(metrics.alerts.fired[0]).toMatchObject({ fault: 'slow-db', time_to_detect_ms: null, in_time: null });
  expect(responseMetrics([], [{ name: 'x' }])).toEqual({ incidents: [], alerts: { fired: [], never_fired: ['x'], unexpected: [] } });
});
