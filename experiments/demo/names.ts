/** The four services of the demo shop; the name is also the `service` label of their metrics. */
export const DEMO_SERVICE_NAMES = ['storefront', 'checkout', 'payments', 'inventory'] as const;
export type DemoServiceName = (typeof DEMO_SERVICE_NAMES)[number];

export const isDemoServiceName = (value: string): value is DemoServiceName =>
  (DEMO_SERVICE_NAMES as readonly string[]).includes(value);
