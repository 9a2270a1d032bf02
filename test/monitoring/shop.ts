/**
 * The demo shop in this process for the stand-in test: all four services on
 * 127.0.0.1:0, checkout's calls to payments through a proxy of the embedded
 * Toxiproxy server (so a latency toxic can slow exactly that edge), and
 * shoppers checking out at a steady rate. The end-to-end test does not use
 * this: there `gameday run` starts the shop and injects the fault.
 */
import { startDemoSystem, type RunningDemoSystem } from '../../experiments/demo/index.ts';
import { startToxiproxyServer, type RunningToxiproxy } from '../../runner/toxiproxy/index.ts';
import { createToxiproxyClient, type ToxiproxyClient } from '../../runner/toxiproxy-client/index.ts';
import { httpRequest } from './http.ts';

const PROXY = 'checkout-to-payments';
const TOXIC = 'payments-slow';

export interface Shop {
  /** `host:port` of every service, for Prometheus' scrape targets. */
  readonly metricsTargets: string[];
  /** Adds `ms` of latency to payments' answers to checkout. */
  slowPayments(ms: number): Promise<void>;
  /** Removes that latency. */
  healPayments(): Promise<void>;
  /** Checkouts answered so far, by status (0: no answer). */
  readonly answered: Map<number, number>;
  /** Stops the shoppers (waiting for their requests), the services, then the proxy server. */
  close(): Promise<void>;
}

/** Shoppers send one POST /checkout every this many ms, whatever the answers take (open loop). */
const CHECKOUT_EVERY_MS = 100;

export async function startShop(): Promise<Shop> {
  const toxiproxy: RunningToxiproxy = await startToxiproxyServer({ host: '127.0.0.1', port: 0 });
  const client: ToxiproxyClient = createToxiproxyClient({ url: toxiproxy.url, timeoutMs: 5_000 });
  let system: RunningDemoSystem;
  try {
    system = await startDemoSystem({
      dependencyUrl: async (from, to, target) => {
        if (from !== 'checkout' || to !== 'payments') return target.url;
        const proxy = await client.createProxy({ name: PROXY, listen: '127.0.0.1:0', upstream: `127.0.0.1:${target.port}` });
        return `http://${proxy.listen}`;
      },
    });
  } catch (error) {
    await toxiproxy.close();
    throw error;
  }

  const answered = new Map<number, number>();
  const inFlight = new Set<Promise<void>>();
  const checkout = (): void => {
    const request = httpRequest(`${system.services.storefront.url}/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sku: 'gd-tshirt', quantity: 1 }),
      timeoutMs: 15_000,
    })
      .then((answer) => answer.status, () => 0)
      .then((status) => {
        answered.set(status, (answered.get(status) ?? 0) + 1);
        inFlight.delete(request);
      });
    inFlight.add(request);
  };
  const shoppers = setInterval(checkout, CHECKOUT_EVERY_MS);

  let closing: Promise<void> | undefined;
  return {
    metricsTargets: Object.values(system.services).map((s) => `127.0.0.1:${s.port}`),
    answered,
    slowPayments: async (ms) => {
      await client.addToxic(PROXY, { name: TOXIC, type: 'latency', stream: 'downstream', attributes: { latency: ms } });
    },
    healPayments: () => client.removeToxic(PROXY, TOXIC),
    close: () =>
      (closing ??= (async () => {
        clearInterval(shoppers);
        await client.reset().catch(() => undefined);
        await Promise.all(inFlight);
        await system.close();
        await toxiproxy.close();
      })()),
  };
}
