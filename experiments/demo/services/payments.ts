/**
 * payments — the leaf that takes money. POST /charge answers after a fixed
 * delay (CHARGE_DELAY_MS) so its latency is deterministic; any slowness seen
 * during a game day comes from the fault, not from here.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { DemoServiceDefinition } from '../definition.ts';

/** How long one charge takes, in milliseconds. */
export const CHARGE_DELAY_MS = 5;

const ChargeRequest = z.object({
  orderId: z.string().min(1),
  /** Amount to charge, in cents. */
  amountCents: z.number().int().positive(),
});

export const payments: DemoServiceDefinition = {
  name: 'payments',
  dependencies: [],
  routes: () => {
    let charges = 0;
    return [
      {
        method: 'POST',
        path: '/charge',
        handle: async (request) => {
          const charge = await request.body(ChargeRequest);
          await sleep(CHARGE_DELAY_MS);
          charges += 1;
          return {
            status: 201,
            body: { chargeId: `ch_${charges}`, orderId: charge.orderId, amountCents: charge.amountCents, status: 'captured' },
          };
        },
      },
    ];
  },
};
