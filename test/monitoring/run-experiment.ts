/**
 * The experiment the end-to-end test hands to `gameday run`: the demo shop
 * started by the run on free ports, checkout → payments behind a proxy, a
 * 1 s latency fault on that edge, and the team's Prometheus alert
 * (demo-rule.ts) expected within 20 s of it. Prometheus is not part of the
 * experiment: the test starts it, scraping the ports written here.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { freePort } from './daemon.ts';
import { CHECKOUT_SLOW } from './demo-rule.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const DRILL = {
  name: 'real-monitoring',
  fault: 'payments-slow',
  /** When the fault starts after t = 0, and how long it lasts, seconds. */
  faultAt: 1,
  faultFor: 12,
  /** The longest time to detect the expectation accepts, seconds. */
  within: 20,
} as const;

export interface DrillFile {
  file: string;
  /** `127.0.0.1:<port>` of each demo service, for Prometheus to scrape. */
  metricsTargets: string[];
}

/** Writes `<dir>/real-monitoring.yaml` with ports free a moment ago. */
export async function writeDrill(dir: string): Promise<DrillFile> {
  const port = {
    payments: await freePort(),
    inventory: await freePort(),
    checkout: await freePort(),
    storefront: await freePort(),
    paymentsProxy: await freePort(),
  };
  const local = (p: number): string => `127.0.0.1:${p}`;
  const service = (name: keyof typeof port, deps: string[] = []): object => ({
    name,
    owner: `team-${name}`,
    importance: 'high',
    health: { url: `http://${local(port[name])}/health` },
    start: { command: ['exec node --import tsx experiments/demo/serve.ts', name, '--port', port[name], ...deps].join(' '), cwd: ROOT },
  });
  const checkoutUrl = `http://${local(port.storefront)}/checkout`;
  const checkout = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"sku":"gd-tshirt","quantity":1}' };
  const experiment = {
    name: DRILL.name,
    description: 'Payments slows down; the team\'s Prometheus alert reaches the run through Alertmanager.',
    services: [
      service('payments'),
      service('inventory'),
      {
        ...service('checkout', [`--dep payments=http://${local(port.paymentsProxy)}`, `--dep inventory=http://${local(port.inventory)}`]),
        proxies: [{ name: 'checkout-to-payments', listen: local(port.paymentsProxy), upstream: local(port.payments) }],
      },
      service('storefront', [`--dep checkout=http://${local(port.checkout)}`, `--dep inventory=http://${local(port.inventory)}`]),
    ],
    steady_state: {
      window: '2s',
      recovery_timeout: '10s',
      probes: [{ name: 'checkout', service: 'storefront', url: checkoutUrl, ...checkout, interval: '250ms', timeout: '5s' }],
    },
    traffic: { rate: 10, endpoints: [{ name: 'buy', url: checkoutUrl, ...checkout }] },
    faults: [
      {
        name: DRILL.fault,
        type: 'latency',
        proxy: 'checkout-to-payments',
        at: `${DRILL.faultAt}s`,
        for: `${DRILL.faultFor}s`,
        attributes: { latency: '1s' },
      },
    ],
    alerts: { expected: [{ name: CHECKOUT_SLOW.expectedName, within: `${DRILL.within}s` }] },
    expectations: [{ type: 'alert_fires', alert: CHECKOUT_SLOW.expectedName, within: `${DRILL.within}s` }],
    safety: { max_duration: '90s' },
  };
  const file = join(dir, `${DRILL.name}.yaml`);
  writeFileSync(file, stringify(experiment));
  return { file, metricsTargets: [port.payments, port.inventory, port.checkout, port.storefront].map(local) };
}
