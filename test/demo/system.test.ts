import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_SERVICE_NAMES, type DemoServiceName, startDemoSystem } from '../../experiments/demo/index.ts';
import { call, type Forwarder, metricsOf, Opened, sample, startForwarder } from './helpers.ts';

const opened = new Opened();
afterEach(() => opened.closeAll());

describe('the demo system wired directly', () => {
  it('answers GET /health on every service', async () => {
    const system = opened.track(await startDemoSystem());
    for (const name of DEMO_SERVICE_NAMES) {
      const answer = await call(system.services[name].url, 'GET', '/health');
      expect({ name, status: answer.status, body: answer.json }).toEqual({ name, status: 200, body: { status: 'ok' } });
    }
  });

  it('serves a checkout end to end: storefront → checkout → inventory and payments', async () => {
    const { services } = opened.track(await startDemoSystem());
    const order = await call(services.storefront.url, 'POST', '/checkout', { body: { sku: 'gd-tshirt', quantity: 2 } });
    expect(order.status).toBe(201);
    expect(order.json).toMatchObject({
      sku: 'gd-tshirt',
      quantity: 2,
      amountCents: 4000,
      status: 'confirmed',
      orderId: expect.stringMatching(/^ord_/),
      chargeId: expect.stringMatching(/^ch_/),
      reservationId: expect.stringMatching(/^res_/),
    });

    const page = await call(services.storefront.url, 'GET', '/products');
    expect(page.status).toBe(200);
    const products = (page.json as { products: Array<{ sku: string; available: number }> }).products;
    expect(products.find((product) => product.sku === 'gd-tshirt')?.available).toBe(999_998);

    const home = await call(services.storefront.url, 'GET', '/');
    expect(home.status).toBe(200);
    expect(home.headers['content-type']).toMatch(/^text\/html/);
  });

  it('passes an out-of-stock 409 back to the shopper without retrying it', async () => {
    const { services } = opened.track(await startDemoSystem());
    const answer = await call(services.storefront.url, 'POST', '/checkout', { body: { sku: 'sold-out-mug', quantity: 1 } });
    expect(answer.status).toBe(409);
    expect(answer.json).toEqual({ error: expect.stringContaining('not enough stock') });
    expect(sample(await metricsOf(services.storefront.url), 'upstream_requests_total', { dependency: 'checkout' })).toBe(1);
  });

  it('counts requests, latency and upstream calls in each service’s own /metrics', async () => {
    const { services } = opened.track(await startDemoSystem());
    for (let i = 0; i < 2; i += 1) {
      expect((await call(services.storefront.url, 'POST', '/checkout', { body: { sku: 'runbook-mug', quantity: 1 } })).status).toBe(201);
    }
    expect((await call(services.storefront.url, 'GET', '/products')).status).toBe(200);

    const metricsAnswer = await call(services.storefront.url, 'GET', '/metrics');
    expect(metricsAnswer.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const storefront = metricsAnswer.text;
    const checkoutRoute = { service: 'storefront', route: '/checkout', method: 'POST', status: '201' };
    expect(sample(storefront, 'http_requests_total', checkoutRoute)).toBe(2);
    expect(sample(storefront, 'http_request_duration_seconds_count', checkoutRoute)).toBe(2);
    expect(sample(storefront, 'http_request_duration_seconds_bucket', { ...checkoutRoute, le: '+Inf' })).toBe(2);
    expect(sample(storefront, 'http_requests_total', { route: '/products', status: '200' })).toBe(1);
    expect(sample(storefront, 'upstream_requests_total', { dependency: 'checkout' })).toBe(2);
    // One stock lookup per catalog product.
    expect(sample(storefront, 'upstream_requests_total', { dependency: 'inventory' })).toBe(4);
    expect(sample(storefront, 'upstream_errors_total', { dependency: 'checkout', reason: 'status' })).toBeUndefined();

    const checkout = await metricsOf(services.checkout.url);
    expect(sample(checkout, 'http_requests_total', { service: 'checkout', route: '/orders', status: '201' })).toBe(2);
    expect(sample(checkout, 'upstream_requests_total', { dependency: 'payments' })).toBe(2);
    expect(sample(checkout, 'upstream_requests_in_flight', { dependency: 'payments' })).toBe(0);

    const payments = await metricsOf(services.payments.url);
    expect(sample(payments, 'http_requests_total', { service: 'payments', route: '/charge', status: '201' })).toBe(2);
    // Registries are per service: payments knows nothing of storefront's routes.
    expect(sample(payments, 'http_requests_total', { route: '/checkout' })).toBeUndefined();
  });

  it('labels requests to unknown paths as route "unmatched"', async () => {
    const { services } = opened.track(await startDemoSystem());
    expect((await call(services.inventory.url, 'GET', '/nope/123')).status).toBe(404);
    const text = await metricsOf(services.inventory.url);
    expect(sample(text, 'http_requests_total', { route: 'unmatched', status: '404' })).toBe(1);
  });
});

describe('the demo system wired through dependencyUrl', () => {
  it('asks for one URL per dependency edge and sends every call through it', async () => {
    const edges: string[] = [];
    const forwarders = new Map<string, Forwarder>();
    const system = opened.track(
      await startDemoSystem({
        dependencyUrl: async (from: DemoServiceName, to: DemoServiceName, target) => {
          const forwarder = opened.track(await startForwarder(target.url));
          edges.push(`${from}->${to}`);
          forwarders.set(`${from}->${to}`, forwarder);
          return forwarder.url;
        },
      }),
    );
    expect(edges.sort()).toEqual(['checkout->inventory', 'checkout->payments', 'storefront->checkout', 'storefront->inventory']);

    const order = await call(system.services.storefront.url, 'POST', '/checkout', { body: { sku: 'pager-plush', quantity: 1 } });
    expect(order.status).toBe(201);
    expect((await call(system.services.storefront.url, 'GET', '/products')).status).toBe(200);
    const seen = Object.fromEntries([...forwarders].map(([edge, forwarder]) => [edge, forwarder.connections()]));
    // No keep-alive: one connection per call.
    expect(seen).toEqual({
      'storefront->checkout': 1,
      'storefront->inventory': 4,
      'checkout->inventory': 1,
      'checkout->payments': 1,
    });
  });

  it('closes the services it started when the callback fails', async () => {
    let paymentsUrl = '';
    await expect(
      startDemoSystem({
        dependencyUrl: (from, to, target) => {
          paymentsUrl = target.url;
          if (to === 'payments') throw new Error('cannot create proxy');
          return target.url;
        },
      }),
    ).rejects.toThrow('cannot create proxy');
    // payments had started before checkout asked for it; it must be closed now.
    expect(paymentsUrl).toMatch(/^http:/);
    await expect(call(paymentsUrl, 'GET', '/health')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
