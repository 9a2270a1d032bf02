import { describe, expect, it } from 'vitest';
import { normalisedAlertSchema } from '../../runner/alerts/index.ts';
import { alertmanagerBody, grafanaBody, testReceiver } from './fixtures.ts';

describe('Alertmanager (version 4)', () => {
  it('turns each entry of a notification mixing firing and resolved into one alert', () => {
    const r = testReceiver();
    const res = r.post('/alertmanager', alertmanagerBody());
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ status: 'success', received: 2, repeats: 0, dedup_keys: ['5f8d2a1c9b3e7d40', 'a17c03e9d4b2f615'] });
    expect(r.handed.map((h) => h.path)).toEqual(['/alertmanager']);
    const [firing, resolved] = r.alerts();
    expect(firing).toEqual({
      origin: 'alertmanager',
      action: 'trigger',
      dedup_key: '5f8d2a1c9b3e7d40',
      summary: 'Checkout p99 latency above 500 ms',
      source: 'checkout-1:8080',
      severity: 'critical',
      service: 'checkout',
      class: 'CheckoutLatencyHigh',
      details: {
        status: 'firing',
        labels: { alertname: 'CheckoutLatencyHigh', job: 'checkout', instance: 'checkout-1:8080', severity: 'page', service: 'checkout' },
        annotations: {
          summary: 'Checkout p99 latency above 500 ms',
          description: 'p99 latency is 812 ms over the last 5 minutes',
          runbook_url: 'https://runbooks.example.com/checkout/latency',
        },
        startsAt: '2026-11-22T10:02:30.123456789Z',
        // Go's zero time: no end.
        endsAt: null,
        fingerprint: '5f8d2a1c9b3e7d40',
        generatorURL: 'http://prometheus.internal:9090/graph?g0.expr=histogram_quantile%280.99%29&g0.tab=1',
        receiver: 'gameday',
        groupKey: '{}/{severity=~"page|warning"}:{alertname="CheckoutLatencyHigh"}',
        externalURL: 'http://alertmanager.internal:9093',
      },
      links: [
        { href: 'http://prometheus.internal:9090/graph?g0.expr=histogram_quantile%280.99%29&g0.tab=1', text: 'generator' },
        { href: 'https://runbooks.example.com/checkout/latency', text: 'runbook' },
      ],
      time: '2026-11-22T10:02:30.123Z',
    });
    expect(resolved).toMatchObject({
      action: 'resolve',
      dedup_key: 'a17c03e9d4b2f615',
      // No summary annotation: the description is next.
      summary: 'p99 latency is back to 120 ms',
      severity: 'warning',
      // No service label: the job is the service.
      service: 'checkout',
      // A resolved alert happened when it ended.
      time: '2026-11-22T10:05:00.500Z',
      details: expect.objectContaining({ endsAt: '2026-11-22T10:05:00.5Z', startsAt: '2026-11-22T09:50:00Z' }),
    });
    for (const alert of r.alerts()) expect(normalisedAlertSchema.parse(alert)).toEqual(alert);
  });

  it('drops repeated notifications (same fingerprint, startsAt and status) and lets state changes through', () => {
    const r = testReceiver();
    r.post('/alertmanager', alertmanagerBody());
    // repeat_interval elapsed: the same notification again.
    const repeat = r.post('/alertmanager', { ...alertmanagerBody(), notification_reason: 'repeat interval elapsed' });
    expect(repeat.status).toBe(202);
    expect(repeat.json).toMatchObject({ received: 0, repeats: 2, message: '0 alerts received; 2 repeated notifications dropped' });
    expect(r.handed).toHaveLength(1);

    // The firing one resolves: a new state, so it is received; the old resolved one is still a repeat.
    const body = alertmanagerBody();
    body.alerts[0] = { ...body.alerts[0]!, status: 'resolved', endsAt: '2026-11-22T10:09:00Z' };
    const next = r.post('/alertmanager', body);
    expect(next.json).toMatchObject({ received: 1, repeats: 1 });
    expect(r.alerts().at(-1)).toMatchObject({ dedup_key: '5f8d2a1c9b3e7d40', action: 'resolve', time: '2026-11-22T10:09:00.000Z' });

    // It fires again later: a new startsAt, so a new trigger.
    const again = alertmanagerBody();
    again.alerts = [{ ...again.alerts[0]!, startsAt: '2026-11-22T10:30:00Z' }];
    expect(r.post('/alertmanager', again).json).toMatchObject({ received: 1, repeats: 0 });
    expect(r.alerts().map((a) => a.action)).toEqual(['trigger', 'resolve', 'resolve', 'trigger']);
  });

  it('counts a duplicate entry within one body as a repeat', () => {
    const r = testReceiver();
    const body = alertmanagerBody();
    body.alerts.push(body.alerts[0]!);
    expect(r.post('/alertmanager', body).json).toMatchObject({ received: 2, repeats: 1 });
  });

  it('maps severities and computes a fingerprint when there is none', () => {
    const r = testReceiver();
    const body = alertmanagerBody();
    const base = body.alerts[0]!;
    const { fingerprint: _, ...noFingerprint } = base;
    body.alerts = [
      { ...base, fingerprint: 'f1', labels: { ...base.labels, severity: 'critical' } },
      { ...base, fingerprint: 'f2', labels: { ...base.labels, severity: 'WARNING' } },
      { ...base, fingerprint: 'f3', labels: { ...base.labels, severity: 'none' } },
      { ...base, fingerprint: 'f4', labels: { ...base.labels, severity: 'sparkly' } },
      { ...base, fingerprint: 'f5', labels: { alertname: 'NoSeverity' } },
      { ...noFingerprint, labels: { alertname: 'X', b: '2', a: '1' } },
      { ...noFingerprint, labels: { a: '1', alertname: 'X', b: '2' } },
    ] as typeof body.alerts;
    const res = r.post('/alertmanager', body);
    expect(r.alerts().map((a) => a.severity)).toEqual(['critical', 'warning', 'info', 'error', 'error', 'error']);
    const computed = r.alerts().slice(5).map((a) => a.dedup_key);
    // The same label set in another order is the same alert: the second is a repeat.
    expect(computed).toHaveLength(1);
    expect(computed[0]).toMatch(/^[0-9a-f]{16}$/);
    expect(res.json).toMatchObject({ repeats: 1 });
  });

  it('refuses a Grafana body with a message pointing to /grafana', () => {
    const res = testReceiver().post('/alertmanager', grafanaBody());
    expect(res.status).toBe(400);
    expect(res.json.message).toContain('version: expected "4" (Alertmanager webhook); Grafana sends "1": post it to /grafana');
  });
});

describe('Grafana (version 1)', () => {
  it('keeps title, message, values and the dashboard, panel and silence links', () => {
    const r = testReceiver();
    const res = r.post('/grafana', grafanaBody());
    expect(res.status).toBe(202);
    const [alert] = r.alerts();
    expect(r.handed[0]!.path).toBe('/grafana');
    expect(alert).toEqual({
      origin: 'grafana',
      action: 'trigger',
      dedup_key: 'c6eadffa33fcdf37',
      summary: 'Catalog 5xx above 5%',
      source: 'grafana',
      severity: 'critical',
      service: 'catalog',
      class: 'Catalog error rate',
      details: expect.objectContaining({
        values: { B: 7.31, C: 1 },
        valueString: "[ var='B' labels={service=catalog} value=7.31 ], [ var='C' labels={service=catalog} value=1 ]",
        ruleUID: 'bdx1x7',
        orgId: 1,
        endsAt: null,
        notification: {
          title: '[FIRING:1] Catalog error rate Shop (catalog critical)',
          message: '**Firing**\n\nValue: B=7.31, C=1\nLabels:\n - alertname = Catalog error rate\n',
        },
      }),
      links: [
        { href: 'https://grafana.example.com/alerting/grafana/bdx1x7/view?orgId=1', text: 'generator' },
        { href: 'https://runbooks.example.com/catalog/5xx', text: 'runbook' },
        { href: 'https://grafana.example.com/d/shop-overview?orgId=1', text: 'dashboard' },
        { href: 'https://grafana.example.com/d/shop-overview?orgId=1&viewPanel=4', text: 'panel' },
        { href: 'https://grafana.example.com/alerting/silence/new?alertmanager=grafana&matcher=alertname%3DCatalog', text: 'silence' },
      ],
      time: '2026-11-22T10:02:03.157Z',
    });
    expect(normalisedAlertSchema.parse(alert)).toEqual(alert);
    expect(r.post('/grafana', grafanaBody()).json).toMatchObject({ received: 0, repeats: 1 });
  });

  it('falls back to the title for the summary and skips empty links', () => {
    const r = testReceiver();
    const body = grafanaBody();
    body.alerts[0] = { ...body.alerts[0]!, annotations: {} as never, labels: { grafana_folder: 'Shop' } as never, dashboardURL: '', panelURL: '' };
    r.post('/grafana', body);
    const [alert] = r.alerts();
    expect(alert!.summary).toBe('[FIRING:1] Catalog error rate Shop (catalog critical)');
    expect(alert!.links.map((l) => l.text)).toEqual(['generator', 'silence']);
  });

  it('refuses a legacy dashboard alert body, saying so', () => {
    const res = testReceiver().post('/grafana', { ruleId: 1, ruleName: 'old', state: 'alerting', evalMatches: [], message: 'x' });
    expect(res.status).toBe(400);
    expect(res.json.message).toMatch(/legacy Grafana dashboard alert/);
  });
});
