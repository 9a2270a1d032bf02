import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { alertmanagerIncidents, startSchedule } from '../../runner/schedule/index.ts';
import { at, fakeDrill, recorder, scheduleFrom, tempDir, virtualClock } from './fixtures.ts';

/**
 * Incident preflight against a tiny stand-in for Alertmanager's v2 API on
 * 127.0.0.1: what it is asked, and which alerts keep a drill from starting.
 */

interface FakeAlertmanager {
  url: string;
  /** Request paths with their query, in order. */
  asked: string[];
}

let servers: Server[] = [];
const made: (() => void)[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  made.splice(0).forEach((remove) => remove());
});

const alert = (name: string, severity: string, summary?: string) => ({
  labels: { alertname: name, severity, service: 'checkout' },
  annotations: summary === undefined ? {} : { summary },
  startsAt: '2026-06-01T09:58:00.000Z',
  endsAt: '2026-06-01T10:30:00.000Z',
  updatedAt: '2026-06-01T09:58:00.000Z',
  fingerprint: `fp-${name}`,
  receivers: [{ name: 'team' }],
  status: { state: 'active', silencedBy: [], inhibitedBy: [] },
});

async function fakeAlertmanager(answer: { status?: number; body: unknown }): Promise<FakeAlertmanager> {
  const asked: string[] = [];
  const server = createServer((request, response) => {
    asked.push(request.url ?? '');
    const body = JSON.stringify(answer.body);
    response.writeHead(answer.status ?? 200, { 'content-type': 'application/json' }).end(body);
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, asked };
}

const scheduleWith = (alertmanager: string) => {
  const { dir, remove } = tempDir('gameday-schedule-incidents-');
  made.push(remove);
  return scheduleFrom(
    `incidents:\n  alertmanager: ${alertmanager}\n  severities: [critical, error]\n  timeout: 2s\nexperiments:\n  - file: a.yaml\n    cron: "0 10 * * *"\n`,
    dir,
  );
};

async function onceWith(alertmanager: string) {
  const clock = virtualClock(at('2026-06-01T10:01:00Z'));
  const { drill, calls } = fakeDrill(clock);
  const log = recorder();
  const running = await startSchedule({
    schedule: scheduleWith(alertmanager),
    mode: { kind: 'once', dueWithinMs: 5 * 60_000 },
    env: {},
    onEvent: log.onEvent,
    drillOutput: { write: () => {} },
    version: 'test',
    clock,
    drill,
  });
  return { exitCode: await running.done, calls, log };
}

describe('incident preflight (Alertmanager v2)', () => {
  it('a firing critical alert: the drill is refused (exit 3), naming the alert', async () => {
    const am = await fakeAlertmanager({ body: [alert('CheckoutDown', 'critical', 'checkout answers 5xx'), alert('DiskFilling', 'warning')] });
    const { exitCode, calls, log } = await onceWith(am.url);
    expect(exitCode).toBe(3);
    expect(calls).toEqual([]);
    expect(log.lines('skipped')).toEqual([
      'skipped a: 1 incident alert(s) firing in Alertmanager: CheckoutDown (critical, since 2026-06-01T09:58:00.000Z): checkout answers 5xx (due Mon 2026-06-01 10:00 +00:00)',
    ]);
    expect(am.asked).toEqual(['/api/v2/alerts?active=true&silenced=false&inhibited=false&unprocessed=false']);
  });

  it('only warnings firing: the drill runs', async () => {
    const am = await fakeAlertmanager({ body: [alert('DiskFilling', 'warning'), alert('Info', 'info')] });
    const { exitCode, calls, log } = await onceWith(am.url);
    expect(exitCode).toBe(0);
    expect(calls.map((c) => c.entry)).toEqual(['a']);
    expect(log.lines('skipped')).toEqual([]);
  });

  it('an Alertmanager that is down, or answers an error, or nonsense: refused (exit 69), saying why', async () => {
    const failing = await fakeAlertmanager({ status: 503, body: { error: 'not ready' } });
    const first = await onceWith(failing.url);
    expect(first.exitCode).toBe(69);
    expect(first.calls).toEqual([]);
    expect(first.log.lines('skipped')[0]).toBe(
      `skipped a: cannot tell whether an incident is open: Alertmanager at ${failing.url} answered 503 Service Unavailable (due Mon 2026-06-01 10:00 +00:00)`,
    );

    const nonsense = await fakeAlertmanager({ body: { alerts: 'none' } });
    expect((await onceWith(nonsense.url)).log.lines('skipped')[0]).toContain('answered something other than a list of alerts');

    // A port that was listening a moment ago and no longer is.
    const gone = await fakeAlertmanager({ body: [] });
    const server = servers.pop()!;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const third = await onceWith(gone.url);
    expect(third.exitCode).toBe(69);
    expect(third.log.lines('skipped')[0]).toMatch(/cannot tell whether an incident is open: Alertmanager at http:\/\/127\.0\.0\.1:\d+ could not be asked \(.*ECONNREFUSED.*\)/);
  });

  it('severities are matched without regard to case; a path prefix in the URL is kept', async () => {
    const am = await fakeAlertmanager({ body: [alert('Paging', 'Critical')] });
    const check = alertmanagerIncidents({ alertmanager: `${am.url}/alertmanager`, severities: ['critical'], timeout: 2_000 });
    const result = await check();
    expect(result).toMatchObject({ ok: true, firing: [{ name: 'Paging', severity: 'Critical', labels: { service: 'checkout' } }] });
    expect(am.asked[0]).toMatch(/^\/alertmanager\/api\/v2\/alerts\?/);
  });
});
