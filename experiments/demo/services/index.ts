export { checkout, RESERVE_TIMEOUT_MS } from './checkout.ts';
export { inventory } from './inventory.ts';
export { CHARGE_DELAY_MS, payments } from './payments.ts';
export { CHECKOUT_ATTEMPTS, CHECKOUT_TIMEOUT_MS, STOCK_TIMEOUT_MS, storefront } from './storefront.ts';
