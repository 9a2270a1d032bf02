/**
 * inventory — the leaf that knows the stock, kept in memory per instance and
 * seeded from the catalog. GET /stock/:sku reads it; POST /reserve takes
 * units out of it (409 when there are not enough).
 */
import { z } from 'zod';
import { CATALOG } from '../catalog.ts';
import type { DemoServiceDefinition } from '../definition.ts';
import { ConflictError, NotFoundError } from '../errors.ts';

const ReserveRequest = z.object({
  sku: z.string().min(1),
  quantity: z.number().int().positive(),
});

export const inventory: DemoServiceDefinition = {
  name: 'inventory',
  dependencies: [],
  routes: () => {
    const stock = new Map(CATALOG.map((product) => [product.sku, product.initialStock]));
    let reservations = 0;
    const available = (sku: string): number => {
      const units = stock.get(sku);
      if (units === undefined) throw new NotFoundError(`unknown sku "${sku}"`);
      return units;
    };
    return [
      {
        method: 'GET',
        path: '/stock/:sku',
        handle: ({ params }) => {
          const sku = params['sku'] ?? '';
          return { status: 200, body: { sku, available: available(sku) } };
        },
      },
      {
        method: 'POST',
        path: '/reserve',
        handle: async (request) => {
          const { sku, quantity } = await request.body(ReserveRequest);
          const units = available(sku);
          if (units < quantity) throw new ConflictError(`not enough stock for "${sku}": ${units} left, ${quantity} asked`);
          stock.set(sku, units - quantity);
          reservations += 1;
          return { status: 201, body: { reservationId: `res_${reservations}`, sku, quantity, remaining: units - quantity } };
        },
      },
    ];
  },
};
