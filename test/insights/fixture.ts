import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPostmortemDir, type ReadPostmortemDir } from '../../runner/postmortem/index.ts';

/**
 * The fixture corpus (test/insights/fixtures), small hand-made postmortems with known answers:
 *
 * | file | experiment | date (ISO week) | verdict | ttd / tta / ttr ms | alerts: unique, noise | fingerprints | items |
 * |---|---|---|---|---|---|---|---|
 * | A …-aaaa | slow-payments | 2025-03-03 (W10) | deviated | 2000 / 30000 / 1000 | 2, 1 | stays-fast, pagerduty-noise | a1 ticked in the body only, a2 open |
 * | B …-bbbb | slow-payments | 2025-03-05 (W10) | deviated | 4000 / — / 3000 | 1, 0 | stays-fast (back: a regression) | b1 open |
 * | C …-cccc | slow-payments | 2025-03-12 (W11) | held | 1000 / 5000 / 500 | 1, 0 | — | — |
 * | D …-dddd | checkout-drill | 2025-03-20 (W12) | deviated | — / — / 8000 (missed) | 3, 3 | inventory-alert missed | d1 open, due 04-03 |
 * | E …-eeee | checkout-drill | 2025-04-02 (W14) | aborted_operator | 6000 / 60000 / — | 2, 1 | inventory-alert missed | e1 ticked |
 * | payments-outage | hand-written | 2025-03-10 (W11) | — | | | services payments, tag database | 1 open, 1 done |
 * | payments-db-failover | hand-written | 2025-03-25 (W13) | — | | | payments; database, capacity | 1 open |
 * | broken.md | front matter not YAML: no fields, undated | | | | | | |
 */
export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

export const A = 'PM-20250303-100000-slow-payments-aaaa';
export const B = 'PM-20250305-100000-slow-payments-bbbb';
export const C = 'PM-20250312-100000-slow-payments-cccc';
export const D = 'PM-20250320-100000-checkout-drill-dddd';
export const E = 'PM-20250402-100000-checkout-drill-eeee';
export const OUTAGE = '2025-03-10-payments-outage';
export const FAILOVER = '2025-03-25-payments-db-failover';

export const STAYS_FAST = 'checkout-to-payments:latency:checkout-stays-fast';
export const NOISY = 'checkout-to-payments:latency:pagerduty-noise-noisy-alert';
export const MISSED = 'checkout-to-inventory:reset_peer:inventory-alert-missed-alert';

export const readFixtures = (): Promise<ReadPostmortemDir> => readPostmortemDir(FIXTURES);
