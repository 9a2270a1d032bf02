import { describe, expect, it } from 'vitest';
import { loadExperimentText, planExperiment, renderPlan, type Experiment } from '../../runner/experiment/index.ts';
import { VALID } from './fixtures.ts';

const TEXT = `${VALID}  - name: gone
    at: 1m
    for: 15s
    proxy: to-payments
    type: down
traffic:
  rate: 10
  endpoints: [{ url: http://127.0.0.1:4002/checkout }]
alerts:
  rules:
    - { name: errors, service: checkout, severity: critical, type: error_rate, above: 0.1, for: 10s }
expectations:
  - { type: alert_fires, alert: errors, within: 30s }
  - { type: recovers, service: checkout, within: 20s, after: gone }
safety:
  max_duration: 5m
  stop_conditions:
    - { type: error_rate, above: 0.9, window: 10s }
`;

const load = (text: string): Experiment => {
  const result = loadExperimentText(text, 'shop.yaml');
  if (!result.ok) throw new Error(`fixture is invalid: ${JSON.stringify(result.problems)}`);
  return result.experiment;
};

describe('planExperiment', () => {
  const plan = planExperiment(load(TEXT));

  it('resolves each fault to absolute times and what the runner does, in Toxiproxy units', () => {
    expect(plan.faults).toEqual([
      {
        name: 'slow',
        type: 'latency',
        proxy: 'to-payments',
        host: 'default',
        start: 10_000,
        end: 40_000,
        action: {
          kind: 'toxic',
          toxic: { type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 800, jitter: 0 } },
        },
        summary: 'latency 800ms on to-payments downstream',
      },
      {
        name: 'gone',
        type: 'down',
        proxy: 'to-payments',
        host: 'default',
        start: 60_000,
        end: 75_000,
        action: { kind: 'disable-proxy' },
        summary: 'proxy to-payments down (connections refused)',
      },
    ]);
  });

  it('gives expected alerts and expectations their deadlines', () => {
    expect(plan.expectedAlerts).toEqual([{ name: 'errors', source: 'rule', fault: 'slow', deadline: 40_000 }]);
    expect(plan.expectations.map(({ name, deadline }) => [name, deadline])).toEqual([
      ['errors fires', 40_000],
      ['checkout recovers', 95_000],
    ]);
  });

  it('ends after the faults, the recovery timeout and the steady-state window, within max_duration', () => {
    expect(plan.faultsEnd).toBe(75_000);
    expect(plan.end).toBe(75_000 + 60_000 + 10_000);
    expect(plan.cutByMaxDuration).toBe(false);
    const short = planExperiment(load(TEXT.replace('max_duration: 5m', 'max_duration: 2m')));
    expect(short.end).toBe(120_000);
    expect(short.cutByMaxDuration).toBe(true);
  });

  it('uses TOXIPROXY_URL when the experiment names no server, else the embedded one', () => {
    expect(plan.servers).toEqual([{ host: 'default', url: null }]);
    expect(planExperiment(load(TEXT), { toxiproxyUrl: 'http://127.0.0.1:9999' }).servers).toEqual([
      { host: 'default', url: 'http://127.0.0.1:9999' },
    ]);
  });

  it('renders as text', () => {
    expect(renderPlan(plan, 'shop.yaml')).toBe(`Plan for shop-latency (shop.yaml)
  Payments gets slow

Toxiproxy
  default  TOXIPROXY_URL not set: the embedded server

Services
  checkout  team-checkout  critical

Proxies
  to-payments  127.0.0.1:21001 -> 127.0.0.1:4003  for checkout  on default

Preflight
  steady state measured for 10s before t=0: health

Timeline
        0s  traffic starts: 10 req/s to 1 endpoint(s)
       10s  + slow: latency 800ms on to-payments downstream
       40s  - slow removed
       40s  ! alert errors must have fired (from the start of slow)
        1m  + gone: proxy to-payments down (connections refused)
     1m15s  - gone removed
     1m15s  faults over; recovery awaited up to 1m, then steady state measured for 10s
     1m35s  ! checkout recovers by now
     2m25s  run ends at the latest

Alert rules
  errors  critical  error rate above 10% over 30s for 10s (traffic)  service checkout

Expected alerts
  errors  own rule  by 40s

Expectations
  errors fires       alert_fires  judged at 40s
  checkout recovers  recovers     judged at 1m35s

Stop conditions (abort and roll back)
  error rate above 90% over 10s (traffic)
  run longer than 5m (safety.max_duration)

Nothing was changed: this is a plan. Run it with gameday run shop.yaml.
`);
  });
});
