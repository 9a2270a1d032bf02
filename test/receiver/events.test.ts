import { describe, expect, it } from 'vitest';
import { pagerdutyTrigger, RECEIVED_AT, testReceiver } from './fixtures.ts';

describe('PagerDuty Events API v2', () => {
  it('normalises a trigger and answers as PagerDuty does', () => {
    const r = testReceiver();
    const res = r.post('/v2/enqueue', pagerdutyTrigger());
    expect(res.status).toBe(202);
    expect(JSON.parse(res.body)).toEqual({ status: 'success', message: 'Event processed', dedup_key: 'db-primary-disk' });
    expect(r.handed).toEqual([
      {
        path: '/v2/enqueue',
        alerts: [
          {
            origin: 'pagerduty',
            action: 'trigger',
            dedup_key: 'db-primary-disk',
            summary: 'Disk 92% full on db-primary',
            source: 'db-primary.internal',
            severity: 'warning',
            component: 'postgres',
            group: 'prod-datapipe',
            class: 'disk usage',
            details: { free_gb: 7.5, mount: '/var/lib/postgresql' },
            links: [
              { href: 'https://grafana.example.com/d/db', text: 'DB dashboard' },
              { href: 'https://grafana.example.com/d/db?panel=2', text: 'Disk usage' },
              { href: 'https://nagios.example.com', text: 'Nagios' },
            ],
            time: '2026-11-22T10:01:00.000Z',
          },
        ],
      },
    ]);
  });

  it('generates a dedup key for a trigger without one, and returns it', () => {
    const r = testReceiver();
    const { dedup_key: _, ...event } = pagerdutyTrigger();
    const res = r.post('/v2/enqueue', { ...event, payload: { summary: 'x', source: 'y', severity: 'info' } });
    expect(res.json).toMatchObject({ status: 'success', dedup_key: 'key-1' });
    expect(r.alerts()[0]).toMatchObject({ dedup_key: 'key-1', time: RECEIVED_AT.toISOString(), details: {} });
  });

  it('generates real UUIDs by default', () => {
    const r = testReceiver({ newKey: undefined });
    const res = r.post('/v2/enqueue', pagerdutyTrigger({ dedup_key: undefined }));
    expect(res.json.dedup_key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('takes acknowledge and resolve, which carry only the key', () => {
    const r = testReceiver();
    for (const action of ['acknowledge', 'resolve']) {
      const res = r.post('/v2/enqueue', { routing_key: 'R0UT1NG', dedup_key: 'db-primary-disk', event_action: action });
      expect(res.status).toBe(202);
      expect(res.json).toEqual({ status: 'success', message: 'Event processed', dedup_key: 'db-primary-disk' });
    }
    expect(r.alerts()).toEqual(
      ['acknowledge', 'resolve'].map((action) => ({
        origin: 'pagerduty',
        action,
        dedup_key: 'db-primary-disk',
        summary: '',
        source: 'pagerduty',
        severity: 'info',
        details: {},
        links: [],
        time: RECEIVED_AT.toISOString(),
      })),
    );
  });

  it('answers a bad event 400 in PagerDuty form, naming what is wrong', () => {
    const r = testReceiver();
    const noSummary = r.post('/v2/enqueue', pagerdutyTrigger({ payload: { source: 'db', severity: 'critical' } }));
    expect(noSummary.status).toBe(400);
    expect(noSummary.json).toEqual({
      status: 'invalid event',
      message: 'Event object is invalid',
      errors: ['payload.summary: Invalid input: expected string, received undefined'],
    });
    const blank = r.post('/v2/enqueue', pagerdutyTrigger({ payload: { summary: '  ', source: 'db', severity: 'Critical' } }));
    expect(blank.json.errors).toEqual(['payload.summary: is missing or blank', 'payload.severity: Invalid option: expected one of "critical"|"error"|"warning"|"info"']);
    const noKey = r.post('/v2/enqueue', { routing_key: 'k', event_action: 'resolve' });
    expect(noKey.json.errors).toEqual(['dedup_key: Invalid input: expected string, received undefined']);
    const action = r.post('/v2/enqueue', { routing_key: 'k', event_action: 'escalate' });
    expect(action.json.errors).toEqual(["event_action: Invalid discriminator value. Expected 'trigger' | 'acknowledge' | 'resolve'"]);
    const longKey = r.post('/v2/enqueue', pagerdutyTrigger({ dedup_key: 'k'.repeat(256) }));
    expect(longKey.json.errors).toEqual(['dedup_key: Too big: expected string to have <=255 characters']);
    const notJson = r.post('/v2/enqueue', '{"event_action": trigger}');
    expect(notJson.status).toBe(400);
    expect(notJson.json.errors).toEqual([`body is not valid JSON: unexpected "t" at line 1, column 18 (character 17); expected a value`]);
    expect(r.handed).toEqual([]);
  });
});

describe('the generic form', () => {
  it('takes one alert or an array, generating keys for firing alerts without one', () => {
    const r = testReceiver();
    const one = r.post('/alerts', {
      summary: 'Nightly backup failed',
      severity: 'high',
      status: 'firing',
      service: 'backup',
      component: 'restic',
      group: 'ops',
      class: 'job failure',
      details: { exit_code: 3 },
      links: [{ href: 'https://ci.example.com/jobs/81', text: 'job log' }, { href: 'javascript:alert(1)', text: 'evil' }],
      time: '2026-11-22T03:00:00+01:00',
    });
    expect(one.status).toBe(202);
    expect(one.json).toMatchObject({ status: 'success', received: 1, dedup_keys: ['key-1'] });
    expect(r.alerts()[0]).toEqual({
      origin: 'generic',
      action: 'trigger',
      dedup_key: 'key-1',
      summary: 'Nightly backup failed',
      source: 'backup',
      severity: 'error',
      service: 'backup',
      component: 'restic',
      group: 'ops',
      class: 'job failure',
      details: { exit_code: 3 },
      links: [{ href: 'https://ci.example.com/jobs/81', text: 'job log' }],
      time: '2026-11-22T02:00:00.000Z',
    });
    const many = r.post('/alerts', [
      { summary: 'Queue depth high', severity: 'warning', status: 'firing', dedup_key: 'queue', source: 'rabbit-1' },
      { status: 'resolved', dedup_key: 'queue' },
    ]);
    expect(many.json).toMatchObject({ received: 2, dedup_keys: ['queue', 'queue'] });
    expect(r.alerts().slice(1)).toMatchObject([
      { action: 'trigger', severity: 'warning', source: 'rabbit-1', time: RECEIVED_AT.toISOString() },
      { action: 'resolve', summary: '', source: 'generic' },
    ]);
  });

  it('names each problem with its path', () => {
    const r = testReceiver();
    const res = r.post('/alerts', [{ summary: 'ok', severity: 'info', status: 'firing' }, { summary: 3, status: 'fired' }, { status: 'resolved' }]);
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([
      '[1].status: Invalid option: expected one of "firing"|"resolved"',
      '[1].summary: Invalid input: expected string, received number',
      '[2].dedup_key: is required to resolve (the key of the alert that fired)',
    ]);
    expect(res.json.message).toMatch(/^body is not the generic alert form .*: \[1\]\.status: Invalid option/);
    // The whole body is checked before any of it is taken.
    expect(r.handed).toEqual([]);
    expect(r.post('/alerts', { status: 'firing' }).json.errors).toEqual([
      'summary: is missing or blank (required when firing)',
      'severity: is missing (required when firing: critical, error, warning or info)',
    ]);
  });
});
