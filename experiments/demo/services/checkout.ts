/**
 * checkout — turns an order into a reservation (inventory, POST /reserve) and
 * a charge (payments, POST /charge), in that order.
 *
 * WEAKNESS (missing timeout): the call to payments has NO deadline. When
 * payments is slow or never answers, POST /orders waits as long as payments
 * holds the connection; the client gives up first, but checkout keeps the
 * call open (see upstream_requests_in_flight{dependency="payments"}), and
 * the reserved stock is never released.
 *
 * By contrast the call to inventory has a small deadline
 * (RESERVE_TIMEOUT_MS): a slow inventory costs at most that, then 504.
 */
import { z } from 'zod';
import type { DemoServiceDefinition } from '../definition.ts';
import { ConflictError, NotFoundError, UpstreamError } from '../errors.ts';
import { errorText, unexpectedStatus } from './answers.ts';

/** Deadline of a reservation call to inventory, in milliseconds. */
export const RESERVE_TIMEOUT_MS = 500;

const OrderRequest = z.object({
  sku: z.string().min(1),
  quantity: z.number().int().positive(),
  /** Total to charge, in cents (the storefront prices the order). */
  amountCents: z.number().int().positive(),
});

const Reservation = z.object({ reservationId: z.string() });
const Charge = z.object({ chargeId: z.string() });

export const checkout: DemoServiceDefinition = {
  name: 'checkout',
  dependencies: ['payments', 'inventory'],
  routes: ({ upstream }) => {
    let orders = 0;
    return [
      {
        method: 'POST',
        path: '/orders',
        handle: async (request) => {
          const order = await request.body(OrderRequest);
          orders += 1;
          const orderId = `ord_${orders}`;

          const reserved = await upstream.call('inventory', {
            method: 'POST',
            path: '/reserve',
            body: { sku: order.sku, quantity: order.quantity },
            timeoutMs: RESERVE_TIMEOUT_MS,
          });
          if (reserved.status === 404) throw new NotFoundError(errorText(reserved));
          if (reserved.status === 409) throw new ConflictError(errorText(reserved));
          if (reserved.status !== 201) throw unexpectedStatus('inventory', reserved);
          const reservation = Reservation.safeParse(reserved.body);
          if (!reservation.success) throw new UpstreamError('inventory', 'invalid_response', 'reservation without an id');

          // No timeoutMs: this is the missing timeout game days find.
          const charged = await upstream.call('payments', {
            method: 'POST',
            path: '/charge',
            body: { orderId, amountCents: order.amountCents },
          });
          if (charged.status !== 201) throw unexpectedStatus('payments', charged);
          const charge = Charge.safeParse(charged.body);
          if (!charge.success) throw new UpstreamError('payments', 'invalid_response', 'charge without an id');

          return {
            status: 201,
            body: {
              orderId,
              sku: order.sku,
              quantity: order.quantity,
              amountCents: order.amountCents,
              reservationId: reservation.data.reservationId,
              chargeId: charge.data.chargeId,
              status: 'confirmed',
            },
          };
        },
      },
    ];
  },
};
