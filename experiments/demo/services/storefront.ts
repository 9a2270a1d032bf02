/**
 * storefront — what shoppers hit. GET / is a static page (no dependency),
 * GET /products adds live stock from inventory, POST /checkout prices the
 * order and hands it to checkout.
 *
 * WEAKNESS (retries that amplify load): a failed checkout call (5xx, network
 * error, timeout) is retried at once, CHECKOUT_ATTEMPTS calls in all, with no
 * backoff and no jitter. When checkout is failing or overloaded, every
 * shopper's click becomes three calls, exactly when checkout can least take
 * them; and since POST /orders is not idempotent, a retry after a timeout can
 * place the order twice.
 *
 * WEAKNESS (no fallback): GET /products needs a fresh stock figure for every
 * product. When inventory is down or slow, the product page fails (502/504)
 * instead of showing the last known stock; nothing is cached.
 */
import { z } from 'zod';
import { CATALOG, findProduct, type Product } from '../catalog.ts';
import type { DemoServiceDefinition } from '../definition.ts';
import { DemoHttpError, NotFoundError, UpstreamError } from '../errors.ts';
import type { Upstream } from '../upstream.ts';
import { errorText, unexpectedStatus } from './answers.ts';

/** Calls made to checkout for one POST /checkout, the first one included. */
export const CHECKOUT_ATTEMPTS = 3;
/** Deadline of each call to checkout, in milliseconds. */
export const CHECKOUT_TIMEOUT_MS = 10_000;
/** Deadline of each stock lookup at inventory, in milliseconds. */
export const STOCK_TIMEOUT_MS = 1_000;

const CheckoutRequest = z.object({
  sku: z.string().min(1),
  quantity: z.number().int().positive().max(100),
});
const Stock = z.object({ available: z.number() });

const HOME_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Game Day Shop</title></head>
<body><h1>Game Day Shop</h1><ul>
${CATALOG.map((product) => `<li>${product.name} (${product.sku})</li>`).join('\n')}
</ul><p><a href="/products">Products and stock</a></p></body></html>
`;

async function stockOf(upstream: Upstream, product: Product): Promise<number> {
  const answer = await upstream.call('inventory', {
    method: 'GET',
    path: `/stock/${encodeURIComponent(product.sku)}`,
    timeoutMs: STOCK_TIMEOUT_MS,
  });
  if (answer.status !== 200) throw unexpectedStatus('inventory', answer);
  const stock = Stock.safeParse(answer.body);
  if (!stock.success) throw new UpstreamError('inventory', 'invalid_response', 'stock without "available"');
  return stock.data.available;
}

/** Places the order at checkout, retrying failures immediately (the weakness above). */
async function placeOrder(upstream: Upstream, order: { sku: string; quantity: number; amountCents: number }): Promise<unknown> {
  let lastFailure: UpstreamError | undefined;
  for (let attempt = 1; attempt <= CHECKOUT_ATTEMPTS; attempt += 1) {
    try {
      const answer = await upstream.call('checkout', {
        method: 'POST',
        path: '/orders',
        body: order,
        timeoutMs: CHECKOUT_TIMEOUT_MS,
      });
      if (answer.status === 201) return answer.body;
      if (answer.status < 500) throw new DemoHttpError(errorText(answer), answer.status);
      lastFailure = unexpectedStatus('checkout', answer);
    } catch (error) {
      if (!(error instanceof UpstreamError) || error.reason === 'shutdown') throw error;
      lastFailure = error;
    }
  }
  const last = lastFailure as UpstreamError;
  throw new UpstreamError('checkout', last.reason, `failed ${CHECKOUT_ATTEMPTS} times; last: ${last.message}`, { cause: last });
}

export const storefront: DemoServiceDefinition = {
  name: 'storefront',
  dependencies: ['checkout', 'inventory'],
  routes: ({ upstream }) => [
    {
      method: 'GET',
      path: '/',
      handle: () => ({ status: 200, body: HOME_PAGE, contentType: 'text/html; charset=utf-8' }),
    },
    {
      method: 'GET',
      path: '/products',
      handle: async () => {
        // Every lookup is waited for; then one failed lookup fails the whole page (no fallback).
        const lookups = await Promise.allSettled(CATALOG.map((product) => stockOf(upstream, product)));
        const available = lookups.map((lookup) => {
          if (lookup.status === 'rejected') throw lookup.reason;
          return lookup.value;
        });
        const products = CATALOG.map(({ sku, name, priceCents }, index) => ({ sku, name, priceCents, available: available[index] }));
        return { status: 200, body: { products } };
      },
    },
    {
      method: 'POST',
      path: '/checkout',
      handle: async (request) => {
        const { sku, quantity } = await request.body(CheckoutRequest);
        const product = findProduct(sku);
        if (product === undefined) throw new NotFoundError(`unknown sku "${sku}"`);
        const order = await placeOrder(upstream, { sku, quantity, amountCents: product.priceCents * quantity });
        return { status: 201, body: order };
      },
    },
  ],
};
