/**
 * The requests of the receiver bench: one alert per request, the four
 * senders in turn, each alert with its own key (so none is a repeat). Each
 * request is prebuilt as text around the key, whose width is fixed, so
 * making one costs two string joins and its Content-Length never changes.
 */

/** Width of the key `b` + 11 digits: 10^11 alerts before it grows. */
const KEY_WIDTH = 12;
const KEY = 'K'.repeat(KEY_WIDTH);

export const keyOf = (n: number): string => `b${String(n).padStart(KEY_WIDTH - 1, '0')}`;

const bodies: Array<[path: string, body: unknown]> = [
  [
    '/v2/enqueue',
    {
      routing_key: 'R0UT1NGKEY0000000000000000000000',
      event_action: 'trigger',
      dedup_key: KEY,
      payload: { summary: 'Disk 92% full on db-primary', source: 'db-primary.internal', severity: 'warning', component: 'postgres', custom_details: { free_gb: 7.5 } },
    },
  ],
  [
    '/alertmanager',
    {
      version: '4',
      groupKey: '{}:{alertname="CheckoutLatencyHigh"}',
      truncatedAlerts: 0,
      status: 'firing',
      receiver: 'gameday',
      groupLabels: { alertname: 'CheckoutLatencyHigh' },
      commonLabels: { alertname: 'CheckoutLatencyHigh', job: 'checkout' },
      commonAnnotations: {},
      externalURL: 'http://alertmanager.internal:9093',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'CheckoutLatencyHigh', job: 'checkout', instance: 'checkout-1:8080', severity: 'page' },
          annotations: { summary: 'Checkout p99 latency above 500 ms', runbook_url: 'https://runbooks.example.com/checkout/latency' },
          startsAt: '2026-11-22T10:02:30.123456789Z',
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://prometheus.internal:9090/graph?g0.expr=latency',
          fingerprint: KEY,
        },
      ],
    },
  ],
  [
    '/grafana',
    {
      receiver: 'gameday-webhook',
      status: 'firing',
      orgId: 1,
      version: '1',
      groupKey: '{}:{alertname="Catalog error rate"}',
      title: '[FIRING:1] Catalog error rate',
      state: 'alerting',
      message: '**Firing**\n\nValue: B=7.31\n',
      externalURL: 'https://grafana.example.com/',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'Catalog error rate', service: 'catalog', severity: 'critical' },
          annotations: { summary: 'Catalog 5xx above 5%' },
          startsAt: '2026-11-22T11:02:03.157076+01:00',
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'https://grafana.example.com/alerting/grafana/bdx1x7/view',
          fingerprint: KEY,
          silenceURL: 'https://grafana.example.com/alerting/silence/new',
          dashboardURL: 'https://grafana.example.com/d/shop',
          values: { B: 7.31, C: 1 },
        },
      ],
    },
  ],
  ['/alerts', { summary: 'Queue depth above 10k', severity: 'warning', status: 'firing', dedup_key: KEY, service: 'orders' }],
];

export interface RequestMaker {
  /** The whole HTTP/1.1 request carrying alert number `n`. */
  request(n: number): string;
  /** Bytes per request, averaged over the senders. */
  meanBytes: number;
}

export function requestMaker(secret: string): RequestMaker {
  const parts = bodies.map(([path, body]) => {
    const text = JSON.stringify(body);
    const [before, after] = text.split(KEY) as [string, string];
    const head = `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${secret}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n`;
    return [head + before, after] as const;
  });
  const meanBytes = parts.reduce((sum, [a, b]) => sum + a.length + KEY_WIDTH + b.length, 0) / parts.length;
  return {
    request(n) {
      const [before, after] = parts[n % parts.length]!;
      return before + keyOf(n) + after;
    },
    meanBytes,
  };
}
