import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECEIVER_NAME, startAlertmanager, type Alertmanager } from './alertmanager.ts';
import { CHECKOUT_SLOW, demoRuleFile } from './demo-rule.ts';
import { describeMonitoring } from './diagnose.ts';
import { waitUntil } from './http.ts';
import { startPrometheus, type Prometheus } from './prometheus.ts';
import { startShop, type Shop } from './shop.ts';
import { startStandInReceiver, type Delivery, type StandInReceiver } from './stand-in-receiver.ts';

/**
 * The real Prometheus and Alertmanager (Debian's packages, installed by
 * .ci/run) against the demo shop, with a plain HTTP server standing in for
 * the run's receiver: the checkout-slow rule is quiet while the shop is
 * healthy, fires after a 1 s latency toxic on checkout → payments, reaches
 * the receiver with the bearer secret, and resolves once the toxic is gone.
 * The three steps share one system and run in order.
 */

const secret = randomBytes(16).toString('hex');
let receiver: StandInReceiver | undefined;
let shop: Shop | undefined;
let alertmanager: Alertmanager | undefined;
let prometheus: Prometheus | undefined;

beforeAll(async () => {
  receiver = await startStandInReceiver(secret);
  shop = await startShop();
  alertmanager = await startAlertmanager({ webhookUrl: receiver.webhookUrl, secret });
  prometheus = await startPrometheus({ targets: shop.metricsTargets, alertmanager: alertmanager.address, rules: demoRuleFile() });
}, 40_000);

afterAll(async () => {
  await prometheus?.close();
  await alertmanager?.close();
  await shop?.close();
  await receiver?.close();
}, 30_000);

const p99Query = encodeURIComponent(
  'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="storefront",route="/checkout",method="POST"}[5s])))',
);

interface Vector {
  resultType: string;
  result: Array<{ value: [number, string] }>;
}
interface Targets {
  activeTargets: Array<{ scrapeUrl: string; health: string }>;
}

const diagnose = (): Promise<string> => describeMonitoring({ prometheus, alertmanager, deliveries: receiver?.deliveries, refused: receiver?.refused });

/** The first delivery with an alert of CHECKOUT_SLOW in `status`. */
const deliveryOf = (status: 'firing' | 'resolved'): Delivery | undefined =>
  receiver!.deliveries.find((d) => d.body.alerts.some((a) => a.labels.alertname === CHECKOUT_SLOW.alertname && a.status === status));

describe.sequential('Prometheus and Alertmanager against the demo shop, to a stand-in receiver', () => {
  it('scrapes every demo service, and the rule sees a fast checkout and stays quiet', async () => {
    const targets = await waitUntil(
      async () => {
        const { activeTargets } = (await prometheus!.api('targets')) as Targets;
        return activeTargets.length === 4 && activeTargets.every((t) => t.health === 'up') ? activeTargets : undefined;
      },
      15_000,
      diagnose,
    );
    expect(targets.map((t) => t.scrapeUrl).sort()).toEqual(shop!.metricsTargets.map((t) => `http://${t}/metrics`).sort());

    // Once two scrapes saw checkouts, the rule's expression has a value: the real p99, well under the bound.
    const p99 = await waitUntil(
      async () => {
        const vector = (await prometheus!.api(`query?query=${p99Query}`)) as Vector;
        const value = Number(vector.result[0]?.value[1]);
        return Number.isFinite(value) ? value : undefined;
      },
      15_000,
      diagnose,
    );
    expect(p99).toBeLessThan(CHECKOUT_SLOW.aboveSeconds);
    expect(receiver!.deliveries).toEqual([]);
  }, 40_000);

  it('fires after a latency fault on checkout → payments and reaches the receiver with the secret', async () => {
    const faultAt = Date.now();
    await shop!.slowPayments(1_000);
    const fired = await waitUntil(() => deliveryOf('firing'), 30_000, diagnose);

    expect(fired.headers.authorization).toBe(`Bearer ${secret}`);
    expect(receiver!.refused).toEqual([]);
    expect(fired.body).toMatchObject({ version: '4', status: 'firing', receiver: RECEIVER_NAME });
    expect(fired.body.externalURL).toBe(alertmanager!.url);
    const alert = fired.body.alerts.find((a) => a.labels.alertname === CHECKOUT_SLOW.alertname)!;
    expect(alert.labels).toMatchObject({ severity: CHECKOUT_SLOW.severity, service: CHECKOUT_SLOW.service });
    expect(alert.annotations.summary).toMatch(new RegExp(`^${CHECKOUT_SLOW.expectedName}: storefront POST /checkout p99 is \\S+`));
    expect(alert.generatorURL.startsWith(`${prometheus!.url}/`)).toBe(true);
    // Time to detect: never sooner than the rule's `for` after the fault began.
    expect(fired.at - faultAt).toBeGreaterThanOrEqual(CHECKOUT_SLOW.forSeconds * 1_000);
  }, 40_000);

  it('sends the resolution once the fault is removed', async () => {
    const firing = deliveryOf('firing')!.body.alerts.find((a) => a.labels.alertname === CHECKOUT_SLOW.alertname)!;
    await shop!.healPayments();
    const resolved = await waitUntil(() => deliveryOf('resolved'), 30_000, diagnose);

    expect(resolved.headers.authorization).toBe(`Bearer ${secret}`);
    const alert = resolved.body.alerts.find((a) => a.labels.alertname === CHECKOUT_SLOW.alertname)!;
    expect(alert.fingerprint).toBe(firing.fingerprint);
    expect(alert.startsAt).toBe(firing.startsAt);
    expect(Date.parse(alert.endsAt)).toBeGreaterThan(Date.parse(alert.startsAt));
    // Each change is sent once: repeat_interval is a day.
    expect(receiver!.deliveries.filter((d) => d.body.status === 'firing')).toHaveLength(1);
  }, 40_000);
});
