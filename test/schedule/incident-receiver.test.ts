import { once } from 'node:events';
import { appendFileSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, UnavailableError } from '../../runner/errors.ts';
import { startSchedule, type RunningSchedule, type ScheduleOptions } from '../../runner/schedule/index.ts';
import { at, fakeDrill, recorder, scheduleFrom, tempDir } from './fixtures.ts';
import { amAlert, amWebhook, postJson, STARTS_AT, steppedClock, waitFor } from './incident-receiver-fixture.ts';

/**
 * The schedule's standing receiver, over real loopback sockets: alerts the
 * team's monitoring posts to it refuse starts until they are resolved; what
 * it accepted is in <runs_dir>/schedule-alerts.jsonl before the sender's
 * 2xx, and a restarted scheduler replays that file.
 */

const SECRET = 's3cret-for-the-schedule';
const made: (() => void)[] = [];
const started: RunningSchedule[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const one of started.splice(0)) {
    one.stop('test over');
    await one.done.catch(() => undefined);
  }
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  made.splice(0).forEach((remove) => remove());
});

const workDir = (): string => {
  const { dir, remove } = tempDir('gameday-schedule-receiver-');
  made.push(remove);
  return dir;
};

const textWith = (incidents: string, extra = ''): string =>
  `runs_dir: runs\nlock: l.lock\n${extra}incidents:\n${incidents}experiments:\n  - file: a.yaml\n    cron: "* * * * *"\n`;
const RECEIVER = '  receiver: { listen: "127.0.0.1:0" }\n';
const ALERTS = (dir: string): string => join(dir, 'runs', 'schedule-alerts.jsonl');
const DUE = (time: string): string => `(due Mon 2026-06-01 ${time} +00:00)`;

/** A scheduler in a loop whose clock stands at 09:59:30 until the test lets it run on. */
async function scheduler(dir: string, text: string, extra: Partial<ScheduleOptions> = {}) {
  const clock = steppedClock(at('2026-06-01T09:59:30Z'));
  const { drill, calls } = fakeDrill(clock);
  const log = recorder();
  const running = await startSchedule({
    schedule: scheduleFrom(text, dir),
    mode: { kind: 'loop' },
    env: { GAMEDAY_RECEIVER_SECRET: SECRET },
    onEvent: log.onEvent,
    drillOutput: { write: () => {} },
    version: 'test',
    clock,
    drill,
    ...extra,
  });
  started.push(running);
  return { running, clock, calls, log, url: running.incidentReceiverUrl ?? '' };
}

/** `--once` at 10:01 (the 10:00 and 10:01 starts due; with one entry, the newest is run): its exit code and lines. */
async function oncePass(dir: string, text: string, env: Record<string, string> = { GAMEDAY_RECEIVER_SECRET: SECRET }) {
  const clock = steppedClock(at('2026-06-01T10:01:00Z'));
  const { drill, calls } = fakeDrill(clock);
  const log = recorder();
  const running = await startSchedule({
    schedule: scheduleFrom(text, dir),
    mode: { kind: 'once', dueWithinMs: 30_000 },
    env,
    onEvent: log.onEvent,
    drillOutput: { write: () => {} },
    version: 'test',
    clock,
    drill,
  });
  return { exitCode: await running.done, calls, log };
}

const lines = (path: string): { via: string; alert: { action: string; dedup_key: string } }[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { via: string; alert: { action: string; dedup_key: string } });

describe('the standing incident receiver', () => {
  it('an Alertmanager webhook with a firing critical alert refuses the next start, naming it; its resolve lets the next one run', async () => {
    const dir = workDir();
    const s = await scheduler(dir, textWith(RECEIVER, 'kill_switch: { http: "127.0.0.1:0" }\n'));
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const fired = await postJson(`${s.url}/alertmanager`, amWebhook([amAlert('CheckoutDown', 'critical'), amAlert('DiskFilling', 'warning')]), SECRET);
    expect(fired).toMatchObject({ status: 202, body: { received: 2, dedup_keys: ['fp-checkoutdown', 'fp-diskfilling'] } });
    // On disk before the answer came.
    expect(lines(ALERTS(dir)).map((l) => [l.via, l.alert.action, l.alert.dedup_key])).toEqual([
      ['/alertmanager', 'trigger', 'fp-checkoutdown'],
      ['/alertmanager', 'trigger', 'fp-diskfilling'],
    ]);
    const status = (await (await fetch(`${s.running.killSwitchUrl!}/status`)).json()) as { incidents: { receiver: string; firing: { name: string; severity: string; dedup_key: string }[] } };
    expect(status.incidents.receiver).toBe(s.url);
    expect(status.incidents.firing.map((a) => [a.name, a.severity, a.dedup_key])).toEqual([
      ['CheckoutDown', 'critical', 'fp-checkoutdown'],
      ['DiskFilling', 'warning', 'fp-diskfilling'],
    ]);

    s.clock.allowUntil(at('2026-06-01T10:00:00Z'));
    await waitFor(() => s.log.lines('skipped').length === 1, 'the 10:00 start to be refused');
    expect(s.log.lines('skipped')).toEqual([
      `skipped a: 1 incident alert(s) firing as sent to the schedule's receiver: CheckoutDown (critical, since ${STARTS_AT}, key fp-checkoutdown): CheckoutDown summary ${DUE('10:00')}`,
    ]);
    expect(s.calls).toEqual([]);

    // The resolve; DiskFilling (a warning) still fires, and does not count.
    expect(await postJson(`${s.url}/alertmanager`, amWebhook([amAlert('CheckoutDown', 'critical', 'resolved')]), SECRET)).toMatchObject({ status: 202 });
    s.clock.allowUntil(at('2026-06-01T10:01:00Z'));
    await waitFor(() => s.calls.length === 1, 'the 10:01 start to run');
    expect(new Date(s.calls[0]!.at).toISOString()).toBe('2026-06-01T10:01:00.000Z');
    expect(s.log.lines('skipped')).toHaveLength(1);
    expect(s.log.lines('incidents')).toEqual([
      expect.stringMatching(/^incidents: receiver listening on http:\/\/127\.0\.0\.1:\d+ \(POST \/v2\/enqueue, \/alertmanager, \/grafana, \/alerts; secret from \$GAMEDAY_RECEIVER_SECRET\); alerts kept in .*schedule-alerts\.jsonl$/),
      'incidents: CheckoutDown (critical) firing, key fp-checkoutdown: CheckoutDown summary',
      'incidents: DiskFilling (warning) firing, key fp-diskfilling: DiskFilling summary',
      'incidents: CheckoutDown resolved, key fp-checkoutdown',
    ]);
  });

  it('warnings alone let drills start; PagerDuty events count by severity and are resolved by dedup_key', async () => {
    const dir = workDir();
    const s = await scheduler(dir, textWith(RECEIVER));
    const event = (action: 'trigger' | 'resolve', severity: string) => ({
      routing_key: SECRET,
      event_action: action,
      dedup_key: 'db-disk',
      ...(action === 'trigger' ? { payload: { summary: 'disk 95% full on db-1', source: 'db-1', severity, timestamp: '2026-06-01T09:59:00Z' } } : {}),
    });
    // PagerDuty's form authenticates by routing_key: no header.
    expect(await postJson(`${s.url}/v2/enqueue`, event('trigger', 'warning'), undefined)).toMatchObject({ status: 202, body: { status: 'success', dedup_key: 'db-disk' } });
    s.clock.allowUntil(at('2026-06-01T10:00:00Z'));
    await waitFor(() => s.calls.length === 1, 'the 10:00 start to run');

    // The same key triggered again as critical: now an incident.
    expect(await postJson(`${s.url}/v2/enqueue`, event('trigger', 'critical'), undefined)).toMatchObject({ status: 202 });
    s.clock.allowUntil(at('2026-06-01T10:01:00Z'));
    await waitFor(() => s.log.lines('skipped').length === 1, 'the 10:01 start to be refused');
    expect(s.log.lines('skipped')[0]).toBe(
      `skipped a: 1 incident alert(s) firing as sent to the schedule's receiver: db-disk (critical, since 2026-06-01T09:59:00.000Z): disk 95% full on db-1 ${DUE('10:01')}`,
    );

    expect(await postJson(`${s.url}/v2/enqueue`, event('resolve', ''), undefined)).toMatchObject({ status: 202 });
    s.clock.allowUntil(at('2026-06-01T10:02:00Z'));
    await waitFor(() => s.calls.length === 2, 'the 10:02 start to run');
  });

  it('a bad body is answered 400 and nothing is recorded', async () => {
    const dir = workDir();
    const s = await scheduler(dir, textWith(RECEIVER));
    const bad = await postJson(`${s.url}/alertmanager`, { version: '4', alerts: [{ ...amAlert('CheckoutDown', 'critical'), status: 'burning' }] }, SECRET);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('alerts[0].status');
    // One good alert beside a bad one: the body is checked whole, so neither counts.
    const mixed = await postJson(`${s.url}/alerts`, [{ summary: 'checkout down', severity: 'critical', status: 'firing' }, { summary: 5 }], SECRET);
    expect(mixed.status).toBe(400);
    expect((await postJson(`${s.url}/grafana`, '{"alerts": [', SECRET)).status).toBe(400);
    expect(readFileSync(ALERTS(dir), 'utf8')).toBe('');
    expect(s.log.lines('incidents')).toHaveLength(1); // only "listening"
    s.clock.allowUntil(at('2026-06-01T10:00:00Z'));
    await waitFor(() => s.calls.length === 1, 'the 10:00 start to run');
  });

  it('a wrong or missing secret is answered 401 and nothing is recorded', async () => {
    const dir = workDir();
    const s = await scheduler(dir, textWith(RECEIVER));
    const body = amWebhook([amAlert('CheckoutDown', 'critical')]);
    expect(await postJson(`${s.url}/alertmanager`, body, 'not-the-secret')).toMatchObject({ status: 401, body: { status: 'unauthorized' } });
    expect((await postJson(`${s.url}/alertmanager`, body, undefined)).status).toBe(401);
    const pd = { routing_key: 'not-the-secret', event_action: 'trigger', payload: { summary: 'down', source: 'x', severity: 'critical' } };
    expect((await postJson(`${s.url}/v2/enqueue`, pd, undefined)).status).toBe(401);
    expect(readFileSync(ALERTS(dir), 'utf8')).toBe('');
    s.clock.allowUntil(at('2026-06-01T10:00:00Z'));
    await waitFor(() => s.calls.length === 1, 'the 10:00 start to run');
  });

  it('a restarted scheduler replays the file: what fired before still refuses starts, until its resolve', async () => {
    const dir = workDir();
    const text = textWith(RECEIVER);
    const first = await scheduler(dir, text);
    const body = amWebhook([amAlert('CheckoutDown', 'critical'), amAlert('DiskFilling', 'error')]);
    expect((await postJson(`${first.url}/alertmanager`, body, SECRET)).status).toBe(202);
    expect((await postJson(`${first.url}/alertmanager`, amWebhook([amAlert('DiskFilling', 'error', 'resolved')]), SECRET)).status).toBe(202);
    first.running.stop('restart');
    expect(await first.running.done).toBe(0);
    // Killed mid-write, the last time: a torn line.
    appendFileSync(ALERTS(dir), '{"at":"2026-06-01T');

    const second = await oncePass(dir, text);
    expect(second.exitCode).toBe(3);
    expect(second.calls).toEqual([]);
    expect(second.log.lines('warning')).toEqual([`warning: ${ALERTS(dir)}: skipped 1 line(s) that are not an alert (line 4)`]);
    expect(second.log.lines('incidents')[0]).toBe(`incidents: replayed 3 alert(s) from ${ALERTS(dir)}: 1 firing (CheckoutDown, critical)`);
    expect(second.log.lines('skipped')).toEqual([
      `skipped a: 1 incident alert(s) firing as sent to the schedule's receiver: CheckoutDown (critical, since ${STARTS_AT}, key fp-checkoutdown): CheckoutDown summary ${DUE('10:01')}`,
    ]);

    // A resolve sent to a later scheduler is appended after the torn line, on a line of its own.
    const third = await scheduler(dir, text);
    expect((await postJson(`${third.url}/alerts`, { status: 'resolved', dedup_key: 'fp-checkoutdown' }, SECRET)).status).toBe(202);
    third.running.stop('restart');
    await third.running.done;
    const fourth = await oncePass(dir, text);
    expect(fourth.exitCode).toBe(0);
    expect(fourth.calls).toHaveLength(1);
    expect(fourth.log.lines('incidents')[0]).toBe(`incidents: replayed 4 alert(s) from ${ALERTS(dir)}: 0 firing`);
  });

  it('with Alertmanager as well: both are asked, and the line names each one\'s alerts', async () => {
    const dir = workDir();
    const server = createServer((_request, response) => {
      const firing = [{ labels: { alertname: 'PaymentsDown', severity: 'critical' }, startsAt: STARTS_AT, status: { state: 'active' } }];
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(firing));
    });
    servers.push(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const alertmanager = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const s = await scheduler(dir, textWith(`  alertmanager: ${alertmanager}\n${RECEIVER}`));
    expect((await postJson(`${s.url}/alertmanager`, amWebhook([amAlert('CheckoutDown', 'critical')]), SECRET)).status).toBe(202);
    s.clock.allowUntil(at('2026-06-01T10:00:00Z'));
    await waitFor(() => s.log.lines('skipped').length === 1, 'the 10:00 start to be refused');
    expect(s.log.lines('skipped')[0]).toBe(
      `skipped a: 1 incident alert(s) firing in Alertmanager: PaymentsDown (critical, since ${STARTS_AT}); and ` +
        `1 incident alert(s) firing as sent to the schedule's receiver: CheckoutDown (critical, since ${STARTS_AT}, key fp-checkoutdown): CheckoutDown summary ${DUE('10:00')}`,
    );
  });
});

describe('the standing receiver\'s secret and port', () => {
  it('without a secret on loopback: one is made, kept in schedule-receiver.json (0600) and reused after a restart', async () => {
    const dir = workDir();
    const text = textWith(RECEIVER);
    const first = await scheduler(dir, text, { env: {} });
    const file = join(dir, 'runs', 'schedule-receiver.json');
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { url: string; secret: string };
    expect(kept.url).toBe(first.url);
    expect(kept.secret).toMatch(/^[0-9a-f]{48}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.log.lines('incidents')[0]).toContain(`secret in ${file}`);
    expect((await postJson(`${first.url}/alerts`, { summary: 'x', severity: 'info', status: 'firing' }, kept.secret)).status).toBe(202);
    first.running.stop('restart');
    await first.running.done;

    const second = await scheduler(dir, text, { env: {} });
    expect((JSON.parse(readFileSync(file, 'utf8')) as { secret: string }).secret).toBe(kept.secret);
    expect((await postJson(`${second.url}/alerts`, { summary: 'y', severity: 'info', status: 'firing' }, kept.secret)).status).toBe(202);
  });

  it('refuses to start without a secret on an address other machines reach; reads secret_env', async () => {
    const dir = workDir();
    const open = textWith('  receiver: { listen: "0.0.0.0:0", secret_env: TEAM_SECRET }\n');
    await expect(scheduler(dir, open, { env: { GAMEDAY_RECEIVER_SECRET: SECRET } })).rejects.toThrow(
      new ConfigError(
        'incidents.receiver.listen 0.0.0.0:0 can be reached from other machines, and TEAM_SECRET is not set: set TEAM_SECRET to the secret ' +
          'your monitoring sends (Authorization: Bearer, or PagerDuty\'s routing_key), or listen on 127.0.0.1',
      ),
    );
    const named = await scheduler(dir, textWith('  receiver: { listen: "127.0.0.1:0", secret_env: TEAM_SECRET }\n'), { env: { TEAM_SECRET: 'team' } });
    expect((await postJson(`${named.url}/alerts`, { summary: 'x', severity: 'info', status: 'firing' }, SECRET)).status).toBe(401);
    expect((await postJson(`${named.url}/alerts`, { summary: 'x', severity: 'info', status: 'firing' }, 'team')).status).toBe(202);
  });

  it('a taken port: the loop does not start (exit 69); --once goes by the file; GAMEDAY_RECEIVER_ADDRESS on the same port is refused', async () => {
    const dir = workDir();
    const holder = await scheduler(dir, textWith(RECEIVER));
    expect((await postJson(`${holder.url}/alertmanager`, amWebhook([amAlert('CheckoutDown', 'critical')]), SECRET)).status).toBe(202);
    const port = new URL(holder.url).port;
    const taken = textWith(`  receiver: { listen: "127.0.0.1:${port}" }\n`);
    await expect(scheduler(dir, taken)).rejects.toThrow(UnavailableError);
    await expect(scheduler(dir, taken)).rejects.toThrow(
      `the incident receiver cannot listen on 127.0.0.1:${port}: the port is taken (another gameday schedule?) (change incidents.receiver.listen)`,
    );
    const beside = await oncePass(dir, taken);
    expect(beside.exitCode).toBe(3);
    expect(beside.log.lines('warning')[0]).toBe(
      `warning: the incident receiver cannot listen on 127.0.0.1:${port}: the port is taken (another gameday schedule?) (change incidents.receiver.listen); going by what ${ALERTS(dir)} says fires`,
    );
    expect(beside.log.lines('skipped')[0]).toContain('CheckoutDown (critical');

    await expect(oncePass(dir, textWith('  receiver: { listen: "127.0.0.1:9097" }\n'), { GAMEDAY_RECEIVER_SECRET: SECRET, GAMEDAY_RECEIVER_ADDRESS: '127.0.0.1:9097' })).rejects.toThrow(
      "incidents.receiver.listen 127.0.0.1:9097 has the port of each run's receiver (GAMEDAY_RECEIVER_ADDRESS 127.0.0.1:9097), whose drill needs its own alerts: give one of them another port",
    );
  });
});
