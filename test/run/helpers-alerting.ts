import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { EventOf, EventType, JournalEvent } from '../../runner/journal/index.ts';
import type { Finished } from '../cli/gameday-process.ts';
import { eventsOf } from './helpers-cli.ts';

/**
 * Fixtures for the alerting end-to-end tests (alerting.test.ts): an
 * experiment with alerts and routing for a service already running, a
 * local stand-in for a Slack incoming webhook, and a client for the run's
 * alert receiver. Everything listens on 127.0.0.1.
 */

/** Names used in the experiment written by `writeAlertingExperiment`. */
export const DRILL = { name: 'alerting-drill', service: 'shop', proxy: 'to-db', fault: 'db-slow' } as const;

export interface AlertingExperiment {
  /** Port the proxy listens on, and the upstream HTTP server's port. */
  listen: number;
  upstream: number;
  /** How long the 200 ms latency fault lasts (it starts at t = 1 s), seconds. */
  faultSeconds: number;
  /** The experiment's `alerts`, `routing` and `expectations`, as they appear in YAML. */
  alerts?: object;
  routing?: object;
  expectations?: object[];
}

/**
 * Writes `<dir>/alerting-drill.yaml`: the service `shop` (not started by the
 * run), one proxy in front of `upstream`, a probe and traffic through it, a
 * 1 s steady-state window, and 200 ms of latency from t = 1 s. Returns its path.
 */
export function writeAlertingExperiment(dir: string, options: AlertingExperiment): string {
  const through = `http://127.0.0.1:${options.listen}/`;
  const experiment = {
    name: DRILL.name,
    description: 'The database gets slow; alerts arrive and people (or a bot) respond.',
    services: [
      {
        name: DRILL.service,
        owner: 'team-test',
        importance: 'low',
        proxies: [{ name: DRILL.proxy, listen: `127.0.0.1:${options.listen}`, upstream: `127.0.0.1:${options.upstream}` }],
      },
    ],
    steady_state: {
      window: '1s',
      recovery_timeout: '10s',
      probes: [{ name: 'through-proxy', service: DRILL.service, url: through, interval: '200ms', timeout: '2s' }],
    },
    traffic: { rate: 10, endpoints: [{ url: through }] },
    faults: [{ name: DRILL.fault, at: '1s', for: `${options.faultSeconds}s`, proxy: DRILL.proxy, type: 'latency', attributes: { latency: '200ms' } }],
    ...(options.alerts === undefined ? {} : { alerts: options.alerts }),
    ...(options.routing === undefined ? {} : { routing: options.routing }),
    ...(options.expectations === undefined ? {} : { expectations: options.expectations }),
    safety: { max_duration: '2m' },
  };
  const file = join(dir, `${DRILL.name}.yaml`);
  writeFileSync(file, stringify(experiment));
  return file;
}

export interface WebhookPost {
  path: string;
  body: unknown;
}

export interface WebhookSink {
  /** Base URL, `http://127.0.0.1:<port>`. */
  url: string;
  /** Every POST received so far, in order, its body parsed as JSON (the raw text when it is not JSON). */
  posts: WebhookPost[];
  close(): Promise<void>;
}

/** A stand-in for Slack's incoming webhook: records each POST and answers `200 ok`, as Slack does. */
export async function startWebhookSink(): Promise<WebhookSink> {
  const posts: WebhookPost[] = [];
  const server = createServer((request, response) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      posts.push({ path: request.url ?? '', body });
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    posts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `<run dir>/receiver.json`: where the run's alert receiver listens, and the secret it takes. */
export interface ReceiverInfo {
  url: string;
  secret: string;
}

export const readReceiverFile = (runDir: string): ReceiverInfo => JSON.parse(readFileSync(join(runDir, 'receiver.json'), 'utf8')) as ReceiverInfo;

export interface Answer {
  status: number;
  body: unknown;
}

/** POSTs `body` as JSON to `url` (with a bearer token when given); resolves with the status and the parsed answer. */
export async function postJson(url: string, body: unknown, bearer?: string): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer === undefined ? {} : { authorization: `Bearer ${bearer}` }) },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5_000),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed };
}

/** A PagerDuty Events API v2 trigger. */
export const pagerDutyTrigger = (routingKey: string, fields: { dedup_key: string; summary: string; component: string }): object => ({
  routing_key: routingKey,
  event_action: 'trigger',
  dedup_key: fields.dedup_key,
  payload: { summary: fields.summary, source: 'db-monitor.example', severity: 'critical', component: fields.component },
});

/** An Alertmanager webhook (version 4) with one firing alert; endsAt is Go's zero time, as Alertmanager sends it. */
export const alertmanagerFiring = (alert: { alertname: string; service: string; summary: string; fingerprint: string }): object => ({
  version: '4',
  groupKey: `{}:{alertname="${alert.alertname}"}`,
  status: 'firing',
  receiver: 'gameday',
  truncatedAlerts: 0,
  groupLabels: { alertname: alert.alertname },
  commonLabels: { alertname: alert.alertname, service: alert.service, severity: 'critical' },
  commonAnnotations: { summary: alert.summary },
  externalURL: 'http://alertmanager.example:9093',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: alert.alertname, service: alert.service, severity: 'critical', instance: 'shop-1:8080' },
      annotations: { summary: alert.summary },
      startsAt: new Date().toISOString(),
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example:9090/graph',
      fingerprint: alert.fingerprint,
    },
  ],
});

export const ofType = <T extends EventType>(events: readonly JournalEvent[], type: T): EventOf<T>[] =>
  events.filter((e): e is EventOf<T> => e.type === type);

/** The run's events so far; none when there is no run or its journal cannot be read (for afterEach). */
export const safeEvents = (runDir: string | undefined): JournalEvent[] => {
  if (runDir === undefined) return [];
  try {
    return eventsOf(runDir);
  } catch {
    return [];
  }
};

/** The environment of `gameday run`: the shared Toxiproxy, and none of the receiver settings a developer may have exported. */
export const runEnv = (toxiproxyUrl: string): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', TOXIPROXY_URL: toxiproxyUrl };
  delete env.GAMEDAY_RECEIVER_ADDRESS;
  delete env.GAMEDAY_RECEIVER_SECRET;
  return env;
};

/** What a finished gameday process did, for assertion messages. */
export const said = (end: Finished): string => `exit ${end.code ?? end.signal}\nstdout: ${end.stdout}\nstderr: ${end.stderr}`;
