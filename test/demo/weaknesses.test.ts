/**
 * The weaknesses the demo system is built with, each observable from outside
 * as a game day would see it (see experiments/demo/README.md).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CHECKOUT_ATTEMPTS, startDemoService } from '../../experiments/demo/index.ts';
import { call, ClientTimeoutError, metricsOf, Opened, sample, startFakeService, startSilentServer, unreachableUrl } from './helpers.ts';

const opened = new Opened();
afterEach(() => opened.closeAll());

const ORDER = { sku: 'gd-tshirt', quantity: 1, amountCents: 2000 };

describe('missing timeout: checkout → payments', () => {
  it('hangs a checkout past 2 s when payments accepts and never answers', async () => {
    const silentPayments = opened.track(await startSilentServer());
    const inventory = opened.track(await startDemoService('inventory'));
    const checkout = opened.track(
      await startDemoService('checkout', { dependencies: { payments: silentPayments.url, inventory: inventory.url } }),
    );

    await expect(call(checkout.url, 'POST', '/orders', { body: ORDER, timeoutMs: 2_500 })).rejects.toBeInstanceOf(
      ClientTimeoutError,
    );
    expect(silentPayments.accepted()).toBe(1);
    // The client gave up; checkout is still waiting on payments.
    const metrics = await metricsOf(checkout.url);
    expect(sample(metrics, 'upstream_requests_in_flight', { dependency: 'payments' })).toBe(1);
    // The hung order, and this GET /metrics itself.
    expect(sample(metrics, 'http_requests_in_flight')).toBe(2);
  });

  it('by contrast gives up on a silent inventory after its small timeout (504)', async () => {
    const silentInventory = opened.track(await startSilentServer());
    const payments = opened.track(await startDemoService('payments'));
    const checkout = opened.track(
      await startDemoService('checkout', { dependencies: { payments: payments.url, inventory: silentInventory.url } }),
    );

    const answer = await call(checkout.url, 'POST', '/orders', { body: ORDER, timeoutMs: 2_500 });
    expect(answer.status).toBe(504);
    expect(answer.json).toEqual({ error: expect.stringContaining('inventory: no answer within') });
    const metrics = await metricsOf(checkout.url);
    expect(sample(metrics, 'upstream_errors_total', { dependency: 'inventory', reason: 'timeout' })).toBe(1);
    expect(sample(metrics, 'upstream_requests_total', { dependency: 'payments' })).toBeUndefined();
  });
});

describe('retries that amplify load: storefront → checkout', () => {
  it(`calls a failing checkout ${CHECKOUT_ATTEMPTS} times per shopper request`, async () => {
    const failingCheckout = opened.track(await startFakeService(500, { error: 'checkout is broken' }));
    const inventory = opened.track(await startDemoService('inventory'));
    const storefront = opened.track(
      await startDemoService('storefront', { dependencies: { checkout: failingCheckout.url, inventory: inventory.url } }),
    );

    for (let request = 1; request <= 2; request += 1) {
      const answer = await call(storefront.url, 'POST', '/checkout', { body: { sku: 'gd-tshirt', quantity: 1 } });
      expect(answer.status).toBe(502);
      expect(answer.json).toEqual({ error: expect.stringContaining(`failed ${CHECKOUT_ATTEMPTS} times`) });
      expect(failingCheckout.received).toHaveLength(3 * request);
    }
    expect(new Set(failingCheckout.received)).toEqual(new Set(['POST /orders']));
    const metrics = await metricsOf(storefront.url);
    expect(sample(metrics, 'http_requests_total', { route: '/checkout', status: '502' })).toBe(2);
    expect(sample(metrics, 'upstream_requests_total', { dependency: 'checkout' })).toBe(6);
    expect(sample(metrics, 'upstream_errors_total', { dependency: 'checkout', reason: 'status' })).toBe(6);
  });

  it('retries an unreachable checkout too, and does not retry a 4xx', async () => {
    const inventory = opened.track(await startDemoService('inventory'));
    const down = opened.track(
      await startDemoService('storefront', { dependencies: { checkout: await unreachableUrl(), inventory: inventory.url } }),
    );
    expect((await call(down.url, 'POST', '/checkout', { body: { sku: 'gd-tshirt', quantity: 1 } })).status).toBe(502);
    expect(sample(await metricsOf(down.url), 'upstream_errors_total', { dependency: 'checkout', reason: 'network' })).toBe(3);

    const refusing = opened.track(await startFakeService(409, { error: 'not enough stock' }));
    const storefront = opened.track(
      await startDemoService('storefront', { dependencies: { checkout: refusing.url, inventory: inventory.url } }),
    );
    const answer = await call(storefront.url, 'POST', '/checkout', { body: { sku: 'gd-tshirt', quantity: 1 } });
    expect(answer.status).toBe(409);
    expect(refusing.received).toHaveLength(1);
  });
});

describe('no fallback: storefront → inventory', () => {
  it('fails GET /products once inventory is unreachable, though it had the stock a moment ago; GET / still works', async () => {
    const inventory = await startDemoService('inventory');
    opened.track(inventory);
    const checkout = await unreachableUrl();
    const storefront = opened.track(await startDemoService('storefront', { dependencies: { checkout, inventory: inventory.url } }));
    expect((await call(storefront.url, 'GET', '/products')).status).toBe(200);

    await inventory.close();
    const page = await call(storefront.url, 'GET', '/products');
    expect(page.status).toBe(502);
    expect(page.json).toEqual({ error: expect.stringContaining('inventory: ECONNREFUSED') });
    expect((await call(storefront.url, 'GET', '/')).status).toBe(200);
    expect((await call(storefront.url, 'GET', '/health')).status).toBe(200);
    const metrics = await metricsOf(storefront.url);
    expect(sample(metrics, 'upstream_errors_total', { dependency: 'inventory', reason: 'network' })).toBe(4);
    expect(sample(metrics, 'http_requests_total', { route: '/products', status: '502' })).toBe(1);
  });

  it('fails GET /products with 504 when inventory hangs (a timeout, but still no fallback)', async () => {
    const silentInventory = opened.track(await startSilentServer());
    const storefront = opened.track(
      await startDemoService('storefront', { dependencies: { checkout: await unreachableUrl(), inventory: silentInventory.url } }),
    );
    const page = await call(storefront.url, 'GET', '/products', { timeoutMs: 4_000 });
    expect(page.status).toBe(504);
    expect(sample(await metricsOf(storefront.url), 'upstream_errors_total', { dependency: 'inventory', reason: 'timeout' })).toBe(4);
  });
});
