import { describe, expect, it } from 'vitest';
import { normalisedAlertSchema } from '../../runner/alerts/index.ts';
import * as receiver from '../../runner/receiver/index.ts';
import { alertmanagerBody, grafanaBody, pagerdutyTrigger, testReceiver } from './fixtures.ts';

/** One real-looking body per sender path; a sender added without one fails the first test. */
const SAMPLES: Record<string, () => unknown> = {
  '/v2/enqueue': () => pagerdutyTrigger(),
  '/alertmanager': alertmanagerBody,
  '/grafana': grafanaBody,
  '/alerts': () => ({ summary: 'Queue stuck', severity: 'critical', status: 'firing', dedup_key: 'q' }),
};

it('exports exactly the receiver surface', () => {
  expect(Object.keys(receiver).sort()).toEqual(['DEFAULT_MAX_BODY_BYTES', 'ReceiverError', 'SENDERS', 'createReceiver', 'mapSeverity', 'startReceiver']);
});

it('has a sample for every sender, and no two senders share a path', () => {
  const paths = receiver.SENDERS.map((s) => s.path);
  expect(new Set(paths).size).toBe(paths.length);
  expect(paths.sort()).toEqual(Object.keys(SAMPLES).sort());
});

// The contract every sender keeps.
describe.each(receiver.SENDERS.map((s) => [s.path, s] as const))('sender at %s', (path, sender) => {
  it('turns its sample into schema-valid alerts, handed over under its path', () => {
    const r = testReceiver();
    const res = r.post(path, SAMPLES[path]!());
    expect(res.status).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(300);
    expect(r.handed.map((h) => h.path)).toEqual([path]);
    expect(r.alerts().length).toBeGreaterThan(0);
    for (const alert of r.alerts()) expect(normalisedAlertSchema.parse(alert)).toEqual(alert);
  });

  it('parses without side effects: the same body gives the same alerts', () => {
    const request = { headers: {}, receivedAt: new Date(0), newKey: () => 'k' };
    expect(sender.parse(SAMPLES[path]!(), request)).toEqual(sender.parse(SAMPLES[path]!(), request));
  });

  it('refuses a body that is not its form with a 400 naming the problem, handing nothing over', () => {
    const r = testReceiver();
    for (const body of ['"text"', '42', 'null', '{}']) {
      const res = r.post(path, body);
      expect(res.status).toBe(400);
      expect((res.json.errors as string[]).length).toBeGreaterThan(0);
      expect((res.json.errors as string[])[0]).toMatch(/^[^:]+: /);
    }
    expect(r.handed).toEqual([]);
  });

  it('throws only ReceiverErrors with status 400 from parse', () => {
    const request = { headers: {}, receivedAt: new Date(0), newKey: () => 'k' };
    for (const body of [undefined, [], [[]], { alerts: [{}] }, { payload: [] }]) {
      try {
        sender.parse(body, request);
      } catch (error) {
        expect(error).toBeInstanceOf(receiver.ReceiverError);
        expect((error as receiver.ReceiverError).status).toBe(400);
      }
    }
  });
});

it('maps severity words', () => {
  const cases: Array<[unknown, string]> = [
    ['page', 'critical'], ['Critical', 'critical'], [' P1 ', 'critical'], ['error', 'error'], ['high', 'error'],
    ['warning', 'warning'], ['warn', 'warning'], ['info', 'info'], ['none', 'info'], ['bogus', 'error'], [undefined, 'error'], [3, 'error'],
  ];
  for (const [word, severity] of cases) expect(receiver.mapSeverity(word), String(word)).toBe(severity);
});
