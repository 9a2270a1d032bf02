/**
 * The alert rule the tests give Prometheus, over the demo shop's prom-client
 * metrics (experiments/demo/README.md): the storefront's POST /checkout p99,
 * from its `http_request_duration_seconds` histogram, above 500 ms for 2 s.
 * A 1 s latency toxic on checkout → payments makes it fire; a healthy shop
 * answers checkout in a few ms, so it stays quiet.
 */

export const CHECKOUT_SLOW = {
  /** Prometheus `alertname`. */
  alertname: 'StorefrontCheckoutSlow',
  /**
   * Starts the alert's summary annotation: an experiment's `alerts.expected`
   * entry of this name matches it (by default an expected alert matches the
   * received alerts whose summary contains its name).
   */
  expectedName: 'storefront-checkout-slow',
  severity: 'error',
  service: 'storefront',
  /** The rule's `for`, seconds: no alert can reach Alertmanager sooner than this after the fault. */
  forSeconds: 2,
  /** The p99 bound, seconds. */
  aboveSeconds: 0.5,
} as const;

/** Window of the rate() the percentile is computed over, seconds: short, so the alert resolves soon after the fault. */
const RATE_WINDOW_SECONDS = 5;

/** A Prometheus rule file (as an object to serialise to YAML) holding the checkout-slow rule. */
export function demoRuleFile(): object {
  const latency = `http_request_duration_seconds_bucket{service="storefront",route="/checkout",method="POST"}`;
  return {
    groups: [
      {
        name: 'gameday-demo',
        interval: '1s',
        rules: [
          {
            alert: CHECKOUT_SLOW.alertname,
            expr: `histogram_quantile(0.99, sum by (le) (rate(${latency}[${RATE_WINDOW_SECONDS}s]))) > ${CHECKOUT_SLOW.aboveSeconds}`,
            for: `${CHECKOUT_SLOW.forSeconds}s`,
            labels: { severity: CHECKOUT_SLOW.severity, service: CHECKOUT_SLOW.service },
            annotations: {
              summary: `${CHECKOUT_SLOW.expectedName}: storefront POST /checkout p99 is {{ $value | humanizeDuration }} (above 500ms)`,
              description: 'Shoppers wait too long to check out; see the checkout → payments edge.',
            },
          },
        ],
      },
    ],
  };
}
