/**
 * Real-looking bodies of each sender (field lists from
 * shared/reference/alert-payloads.md), and an in-process receiver that
 * records what it hands to the run.
 */
import type { NormalisedAlert } from '../../runner/alerts/index.ts';
import { createReceiver, type Receiver, type ReceiverOptions, type ReceiverResponse } from '../../runner/receiver/index.ts';

export const SECRET = 'gd-test-secret-4f9c2a';
export const RECEIVED_AT = new Date('2026-11-22T10:07:00.000Z');

export interface Handed {
  alerts: NormalisedAlert[];
  path: string;
}

export interface TestReceiver {
  receiver: Receiver;
  /** Every onAlerts call, in order. */
  handed: Handed[];
  /** All alerts handed over, flattened. */
  alerts(): NormalisedAlert[];
  post(path: string, body: unknown, options?: PostOptions): ReceiverResponse & { json: Record<string, unknown> };
}

export interface PostOptions {
  /** `Authorization` header value; default `Bearer <SECRET>`; null sends none. */
  authorization?: string | null;
  method?: string;
  headers?: Record<string, string>;
}

/** A receiver in process, clock fixed at RECEIVED_AT, dedup keys `key-1`, `key-2` … */
export function testReceiver(options: Partial<ReceiverOptions> = {}): TestReceiver {
  const handed: Handed[] = [];
  let keys = 0;
  const receiver = createReceiver({
    secret: SECRET,
    onAlerts: (alerts, path) => void handed.push({ alerts: [...alerts], path }),
    now: () => RECEIVED_AT,
    newKey: () => `key-${++keys}`,
    ...options,
  });
  return {
    receiver,
    handed,
    alerts: () => handed.flatMap((h) => h.alerts),
    post(path, body, { authorization = `Bearer ${SECRET}`, method = 'POST', headers = {} } = {}) {
      const bytes = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
      const response = receiver.handle({
        method,
        path,
        headers: { 'content-type': 'application/json', 'content-length': String(bytes.length), ...(authorization === null ? {} : { authorization }), ...lower(headers) },
        body: bytes,
      });
      return { ...response, json: JSON.parse(response.body) as Record<string, unknown> };
    },
  };
}

const lower = (headers: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

/** Alertmanager webhook_config, version 4: one firing and one resolved alert in one notification. */
export function alertmanagerBody() {
  return {
    version: '4',
    groupKey: '{}/{severity=~"page|warning"}:{alertname="CheckoutLatencyHigh"}',
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'gameday',
    groupLabels: { alertname: 'CheckoutLatencyHigh' },
    commonLabels: { alertname: 'CheckoutLatencyHigh', job: 'checkout' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.internal:9093',
    notification_reason: 'new alerts added',
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'CheckoutLatencyHigh', job: 'checkout', instance: 'checkout-1:8080', severity: 'page', service: 'checkout' },
        annotations: {
          summary: 'Checkout p99 latency above 500 ms',
          description: 'p99 latency is 812 ms over the last 5 minutes',
          runbook_url: 'https://runbooks.example.com/checkout/latency',
        },
        startsAt: '2026-11-22T10:02:30.123456789Z',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.internal:9090/graph?g0.expr=histogram_quantile%280.99%29&g0.tab=1',
        fingerprint: '5f8d2a1c9b3e7d40',
      },
      {
        status: 'resolved',
        labels: { alertname: 'CheckoutLatencyHigh', job: 'checkout', instance: 'checkout-2:8080', severity: 'warning' },
        annotations: { description: 'p99 latency is back to 120 ms' },
        startsAt: '2026-11-22T09:50:00Z',
        endsAt: '2026-11-22T10:05:00.5Z',
        generatorURL: 'http://prometheus.internal:9090/graph?g0.expr=x',
        fingerprint: 'a17c03e9d4b2f615',
      },
    ],
  };
}

/** Grafana unified alerting webhook, version 1. */
export function grafanaBody() {
  return {
    receiver: 'gameday-webhook',
    status: 'firing',
    orgId: 1,
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'Catalog error rate', grafana_folder: 'Shop', service: 'catalog', severity: 'critical' },
        annotations: { summary: 'Catalog 5xx above 5%', runbook_url: 'https://runbooks.example.com/catalog/5xx' },
        startsAt: '2026-11-22T11:02:03.157076+01:00',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'https://grafana.example.com/alerting/grafana/bdx1x7/view?orgId=1',
        fingerprint: 'c6eadffa33fcdf37',
        silenceURL: 'https://grafana.example.com/alerting/silence/new?alertmanager=grafana&matcher=alertname%3DCatalog',
        dashboardURL: 'https://grafana.example.com/d/shop-overview?orgId=1',
        panelURL: 'https://grafana.example.com/d/shop-overview?orgId=1&viewPanel=4',
        values: { B: 7.31, C: 1 },
        valueString: "[ var='B' labels={service=catalog} value=7.31 ], [ var='C' labels={service=catalog} value=1 ]",
        ruleUID: 'bdx1x7',
      },
    ],
    groupLabels: { alertname: 'Catalog error rate' },
    commonLabels: { alertname: 'Catalog error rate', service: 'catalog' },
    commonAnnotations: {},
    externalURL: 'https://grafana.example.com/',
    version: '1',
    groupKey: '{}:{alertname="Catalog error rate"}',
    truncatedAlerts: 0,
    title: '[FIRING:1] Catalog error rate Shop (catalog critical)',
    state: 'alerting',
    message: '**Firing**\n\nValue: B=7.31, C=1\nLabels:\n - alertname = Catalog error rate\n',
  };
}

export function pagerdutyTrigger(overrides: Record<string, unknown> = {}) {
  return {
    routing_key: 'R0UT1NGKEY0000000000000000000000',
    event_action: 'trigger',
    dedup_key: 'db-primary-disk',
    payload: {
      summary: 'Disk 92% full on db-primary',
      source: 'db-primary.internal',
      severity: 'warning',
      timestamp: '2026-11-22T10:01:00.000+00:00',
      component: 'postgres',
      group: 'prod-datapipe',
      class: 'disk usage',
      custom_details: { free_gb: 7.5, mount: '/var/lib/postgresql' },
    },
    links: [{ href: 'https://grafana.example.com/d/db', text: 'DB dashboard' }],
    images: [{ src: 'https://chart.example.com/disk.png', href: 'https://grafana.example.com/d/db?panel=2', alt: 'Disk usage' }],
    client: 'Nagios',
    client_url: 'https://nagios.example.com',
    ...overrides,
  };
}
