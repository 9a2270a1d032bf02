import { expect, it } from 'vitest';
import { expectedAlertsOf, ruleAlert } from '../../runner/incidents/index.ts';
import { alerts, engine } from './fixtures.ts';

// The run's own rules through the engine, and which alerts an experiment expects.

const at = new Date('2025-03-01T10:00:30Z');

it('takes a rule firing and clearing as its alert, with the measure, and resolves the incident with it', () => {
  const written = { rules: [{ name: 'slow', service: 'checkout', severity: 'critical', type: 'latency', above: '800ms' }] };
  const [rule] = alerts(written).rules;
  if (rule === undefined) throw new Error('no rule');
  const subject = engine({ alerts: written });
  const fired = ruleAlert('drill', rule, { action: 'trigger', value: 1_234, detail: 'p99 1.2s above 800ms', at });
  expect(fired).toMatchObject({ origin: 'rule', dedup_key: 'drill/slow', summary: 'slow: p99 1.2s above 800ms', source: 'gameday-rules', time: at.toISOString() });
  expect(subject.ingest(fired, 30_000)).toMatchObject([
    { source: 'rules', type: 'alert.triggered', alert: 'slow', dedup_key: 'drill/slow', value: 1_234, detail: 'p99 1.2s above 800ms', actionable: true },
    { source: 'runner', type: 'incident.opened', service: 'checkout', urgency: 'high' },
  ]);
  const cleared = ruleAlert('drill', rule, { action: 'resolve', value: null, detail: 'p99 210ms, back under 800ms', at });
  expect(subject.ingest(cleared, 90_000)).toEqual([
    { source: 'rules', type: 'alert.resolved', alert: 'slow', origin: 'rule', dedup_key: 'drill/slow', detail: 'p99 210ms, back under 800ms' },
    { source: 'rules', type: 'incident.resolved', incident: 'inc-1', by: 'gameday-rules', after_ms: 60_000 },
  ]);
});

it('expects every alerts.expected and every alert an alert_fires expectation names, the expectation’s deadline first', () => {
  const experiment = {
    alerts: alerts({ expected: [{ name: 'CheckoutSlow', within: '1m', after: 'slow-db' }, { name: 'DbDown', within: '30s' }] }),
    expectations: [
      { type: 'alert_fires' as const, alert: 'slow', within: 20_000, after: undefined },
      { type: 'alert_fires' as const, alert: 'DbDown', within: 10_000, after: 'drop-db' },
      { type: 'steady_state_restored' as const },
    ],
  };
  expect(expectedAlertsOf(experiment)).toEqual([
    { name: 'CheckoutSlow', after: 'slow-db', within: 60_000 },
    { name: 'DbDown', after: 'drop-db', within: 10_000 },
    { name: 'slow', after: undefined, within: 20_000 },
  ]);
});
