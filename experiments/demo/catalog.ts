/**
 * What the shop sells. The storefront owns names and prices; inventory owns
 * stock, starting from `initialStock`. Stock is large so hours of game-day
 * traffic never sell a product out; `sold-out-mug` starts at 0 so the
 * out-of-stock path (409) is always there to probe.
 */
export interface Product {
  readonly sku: string;
  readonly name: string;
  /** Price of one unit, in cents. */
  readonly priceCents: number;
  /** Units in stock when inventory starts. */
  readonly initialStock: number;
}

export const CATALOG: readonly Product[] = [
  { sku: 'gd-tshirt', name: 'Game Day T-shirt', priceCents: 2000, initialStock: 1_000_000 },
  { sku: 'pager-plush', name: 'Plush Pager', priceCents: 1500, initialStock: 1_000_000 },
  { sku: 'runbook-mug', name: 'Runbook Mug', priceCents: 1200, initialStock: 1_000_000 },
  { sku: 'sold-out-mug', name: 'Postmortem Mug (sold out)', priceCents: 1200, initialStock: 0 },
];

export const findProduct = (sku: string): Product | undefined => CATALOG.find((product) => product.sku === sku);
