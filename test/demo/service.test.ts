import { afterEach, describe, expect, it } from 'vitest';
import * as demo from '../../experiments/demo/index.ts';
import { DemoConfigError, DemoListenError, startDemoService } from '../../experiments/demo/index.ts';
import { call, ClientTimeoutError, metricsOf, Opened, sample, startFakeService, startSilentServer, waitUntil } from './helpers.ts';

const opened = new Opened();
afterEach(() => opened.closeAll());

describe('startDemoService options', () => {
  it.each([
    ['an unknown service', 'shipping', {}, 'unknown demo service "shipping"; expected one of: storefront, checkout, payments, inventory'],
    ['a missing dependency', 'checkout', { dependencies: { payments: 'http://127.0.0.1:1' } }, 'checkout needs the base URL of inventory'],
    ['an unknown dependency', 'payments', { dependencies: { bank: 'http://127.0.0.1:1' } }, 'payments has no dependency named bank; its dependencies are: none'],
    ['a URL that is not one', 'storefront', { dependencies: { checkout: 'localhost', inventory: 'http://127.0.0.1:1' } }, 'URL of checkout for storefront is not a URL'],
    ['a non-http URL', 'storefront', { dependencies: { checkout: 'https://x:1', inventory: 'http://127.0.0.1:1' } }, 'must start with http://'],
    ['a port out of range', 'payments', { port: 70_000 }, 'port of payments must be an integer from 0 to 65535'],
  ])('rejects %s with a DemoConfigError', async (_what, name, options, message) => {
    const started = startDemoService(name, options);
    await expect(started).rejects.toBeInstanceOf(DemoConfigError);
    await expect(started).rejects.toThrow(message);
  });

  it('rejects a taken port with a DemoListenError carrying EADDRINUSE', async () => {
    const first = opened.track(await startDemoService('payments'));
    const second = startDemoService('payments', { port: first.port });
    await expect(second).rejects.toBeInstanceOf(DemoListenError);
    await expect(second).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('listens on the port it is given and reports its URL', async () => {
    const probe = opened.track(await startDemoService('payments'));
    const port = probe.port;
    await probe.close();
    const service = opened.track(await startDemoService('payments', { port }));
    expect(service).toMatchObject({ name: 'payments', port, url: `http://127.0.0.1:${port}` });
  });
});

describe('HTTP errors', () => {
  it('answers 404 for an unknown path and 405 with Allow for a wrong method, as JSON', async () => {
    const inventory = opened.track(await startDemoService('inventory'));
    const missing = await call(inventory.url, 'GET', '/nothing');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: 'no route for GET /nothing' });

    const wrong = await call(inventory.url, 'POST', '/stock/gd-tshirt');
    expect(wrong.status).toBe(405);
    expect(wrong.headers['allow']).toBe('GET');
    expect(sample(await metricsOf(inventory.url), 'http_requests_total', { route: '/stock/:sku', status: '405' })).toBe(1);
  });

  it('answers 400 for a body that is not JSON or does not fit, naming the field', async () => {
    const payments = opened.track(await startDemoService('payments'));
    const notJson = await call(payments.url, 'POST', '/charge', { rawBody: '{"orderId":' });
    expect(notJson).toMatchObject({ status: 400, json: { error: 'request body is not valid JSON' } });
    const empty = await call(payments.url, 'POST', '/charge');
    expect(empty).toMatchObject({ status: 400, json: { error: expect.stringContaining('request body is empty') } });
    const wrong = await call(payments.url, 'POST', '/charge', { body: { orderId: 'o1', amountCents: -5 } });
    expect(wrong.status).toBe(400);
    expect(wrong.json).toEqual({ error: expect.stringMatching(/^invalid request body: amountCents: /) });
  });

  it('answers 404 for an unknown sku at inventory and at the storefront', async () => {
    const inventory = opened.track(await startDemoService('inventory'));
    expect(await call(inventory.url, 'GET', '/stock/nope')).toMatchObject({ status: 404, json: { error: 'unknown sku "nope"' } });
    const storefront = opened.track(
      await startDemoService('storefront', { dependencies: { checkout: inventory.url, inventory: inventory.url } }),
    );
    const answer = await call(storefront.url, 'POST', '/checkout', { body: { sku: 'nope', quantity: 1 } });
    expect(answer).toMatchObject({ status: 404, json: { error: 'unknown sku "nope"' } });
  });

  it('reports an answer from a dependency that is not JSON as invalid_response (502)', async () => {
    const garbled = opened.track(await startFakeService(200, 'in stock, probably'));
    const storefront = opened.track(
      await startDemoService('storefront', { dependencies: { checkout: garbled.url, inventory: garbled.url } }),
    );
    const page = await call(storefront.url, 'GET', '/products');
    expect(page.status).toBe(502);
    expect(sample(await metricsOf(storefront.url), 'upstream_errors_total', { dependency: 'inventory', reason: 'invalid_response' })).toBe(4);
  });
});

describe('close()', () => {
  it('abandons calls still waiting on a dependency and ends open connections', async () => {
    const silentPayments = opened.track(await startSilentServer());
    const inventory = opened.track(await startDemoService('inventory'));
    const checkout = await startDemoService('checkout', { dependencies: { payments: silentPayments.url, inventory: inventory.url } });
    const order = call(checkout.url, 'POST', '/orders', { body: { sku: 'gd-tshirt', quantity: 1, amountCents: 2000 }, timeoutMs: 5_000 });
    const settled = order.then(
      () => 'answered',
      (error: unknown) => (error instanceof ClientTimeoutError ? 'client timeout' : 'connection ended'),
    );
    await waitUntil(() => silentPayments.accepted() === 1, 'checkout calling payments');

    await checkout.close();
    await checkout.close();
    expect(await settled).toBe('connection ended');
    // The call to payments, which has no timeout, was abandoned rather than left open.
    await waitUntil(() => silentPayments.open() === 0, 'the call to payments closed');
    await expect(call(checkout.url, 'GET', '/health')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('public surface', () => {
  it('exports exactly these names', () => {
    expect(Object.keys(demo).sort()).toEqual(
      [
        'BadRequestError',
        'CATALOG',
        'CHARGE_DELAY_MS',
        'CHECKOUT_ATTEMPTS',
        'CHECKOUT_TIMEOUT_MS',
        'ConflictError',
        'DEMO_SERVICES',
        'DEMO_SERVICE_NAMES',
        'DEMO_START_ORDER',
        'DemoConfigError',
        'DemoHttpError',
        'DemoListenError',
        'LATENCY_BUCKETS_SECONDS',
        'MethodNotAllowedError',
        'NotFoundError',
        'PayloadTooLargeError',
        'RESERVE_TIMEOUT_MS',
        'STOCK_TIMEOUT_MS',
        'UpstreamError',
        'demoDependencies',
        'isDemoServiceName',
        'startDemoService',
        'startDemoSystem',
      ].sort(),
    );
  });
});
