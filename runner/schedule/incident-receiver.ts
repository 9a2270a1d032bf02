import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NormalisedAlert } from '../alerts/index.ts';
import { ConfigError, UnavailableError } from '../errors.ts';
import { startReceiver, type RunningReceiver } from '../receiver/index.ts';
import { isLoopbackHost, splitAddress } from './address.ts';
import { ALERTS_FILE, openAlertLog, readAlertLog } from './alert-log.ts';
import type { EventLog } from './events.ts';
import { FiringAlerts, type ReceivedAlert } from './firing-alerts.ts';
import type { CheckIncidents } from './incidents.ts';
import type { IncidentsReceiverSettings } from './schema.ts';

/**
 * The schedule's standing alert receiver: runner/receiver (the same
 * endpoints and checks as a run's) on `incidents.receiver.listen`, up
 * while `gameday schedule` runs, so the team's monitoring can tell the
 * scheduler about real incidents. Each accepted alert goes to
 * schedule-alerts.jsonl before its sender is answered, then to the
 * firing state the preflight reads. It is never a drill's receiver:
 * each run has its own on another port, so a drill's alerts reach it.
 */

/** `<runs_dir>/schedule-receiver.json`: the URL and the secret the scheduler made, when none was set (mode 0600). */
export const SECRET_FILE = 'schedule-receiver.json';

export interface IncidentReceiverOptions {
  settings: IncidentsReceiverSettings;
  /** Severities that count as an open incident (incidents.severities). */
  severities: readonly string[];
  /** Where schedule-alerts.jsonl and schedule-receiver.json are kept (absolute). */
  runsDir: string;
  env: Readonly<Record<string, string | undefined>>;
  log: EventLog;
  /** Wall-clock epoch ms, for when an alert was received. */
  now: () => number;
  /**
   * When the port is taken: `fail` throws an UnavailableError (the loop:
   * its monitoring could not reach it); `replay` goes on with what the file
   * says fires (--once beside a running scheduler, which holds the port and
   * writes the file).
   */
  whenTaken: 'fail' | 'replay';
  /** Each run's receiver address when it comes from GAMEDAY_RECEIVER_ADDRESS (the schema checks `receiver:` itself). */
  runReceiver?: string | undefined;
}

export interface IncidentReceiver {
  /** Where senders post, when it listens. */
  url: string | undefined;
  check: CheckIncidents;
  /** Every alert firing now, whatever its severity, for GET /status. */
  firing(): ReceivedAlert[];
  close(): Promise<void>;
}

export const startIncidentReceiver = async (options: IncidentReceiverOptions): Promise<IncidentReceiver> => {
  const { settings, log, runsDir } = options;
  const { host, port } = splitAddress(settings.listen);
  const runPort = options.runReceiver === undefined ? undefined : splitAddress(options.runReceiver).port;
  if (port !== 0 && runPort === port) {
    throw new ConfigError(
      `incidents.receiver.listen ${settings.listen} has the port of each run's receiver (GAMEDAY_RECEIVER_ADDRESS ${options.runReceiver}), ` +
        'whose drill needs its own alerts: give one of them another port',
    );
  }
  const secret = secretOf(options, host);
  const state = new FiringAlerts();
  const path = join(runsDir, ALERTS_FILE);
  replay(path, state, log);

  const kept = openAlertLog(path);
  let server: RunningReceiver | undefined;
  try {
    server = await startReceiver({
      host,
      port,
      secret: secret.value,
      // Written (and fsynced) before the sender's 2xx; if that fails, it gets a 500 and nothing here changes.
      onAlerts: (alerts, via) => {
        const at = new Date(options.now()).toISOString();
        kept.append(alerts.map((alert) => ({ at, via, alert })));
        for (const alert of alerts) announce(log, alert, state.apply(alert, via, at));
      },
      reportBug: (error) => log('warning', `the incident receiver failed on a request (a bug; the sender got a 500): ${error instanceof Error ? error.stack ?? error.message : String(error)}`),
    });
  } catch (error) {
    kept.close();
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? 'the port is taken (another gameday schedule?)' : error instanceof Error ? error.message : String(error);
    const message = `the incident receiver cannot listen on ${settings.listen}: ${why} (change incidents.receiver.listen)`;
    if (options.whenTaken === 'fail') throw new UnavailableError(message, { cause: error });
    log('warning', `${message}; going by what ${path} says fires`);
  }
  if (server !== undefined) {
    if (secret.made) keepSecret(runsDir, server.url, secret.value);
    log('incidents', `receiver listening on ${server.url} (POST /v2/enqueue, /alertmanager, /grafana, /alerts; secret ${secret.shown}); alerts kept in ${path}`);
  }
  const running = server;
  return {
    url: running?.url,
    check: async () => ({ ok: true, firing: state.incidents(options.severities) }),
    firing: () => state.list(),
    async close() {
      await running?.close();
      kept.close();
    },
  };
};

/**
 * The secret senders present: the named environment variable's value; when
 * it is unset or empty, one the scheduler makes, but only on a loopback
 * address (a receiver other machines reach without a secret you chose is
 * refused). A made secret is kept in schedule-receiver.json and reused, so
 * monitoring configured with it still gets in after a restart.
 */
const secretOf = (options: IncidentReceiverOptions, host: string): { value: string; made: boolean; shown: string } => {
  const name = options.settings.secret_env;
  const given = options.env[name];
  if (given !== undefined && given !== '') return { value: given, made: false, shown: `from $${name}` };
  if (!isLoopbackHost(host)) {
    throw new ConfigError(
      `incidents.receiver.listen ${options.settings.listen} can be reached from other machines, and ${name} is not set: ` +
        `set ${name} to the secret your monitoring sends (Authorization: Bearer, or PagerDuty's routing_key), or listen on 127.0.0.1`,
    );
  }
  const file = join(options.runsDir, SECRET_FILE);
  return { value: keptSecret(file) ?? randomBytes(24).toString('hex'), made: true, shown: `in ${file}` };
};

const keptSecret = (file: string): string | undefined => {
  try {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { secret?: unknown };
    return typeof kept.secret === 'string' && kept.secret !== '' ? kept.secret : undefined;
  } catch {
    return undefined;
  }
};

const keepSecret = (runsDir: string, url: string, secret: string): void => {
  mkdirSync(runsDir, { recursive: true });
  const file = join(runsDir, SECRET_FILE);
  writeFileSync(file, `${JSON.stringify({ url, secret }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
};

/** The file's alerts, in order, into `state`; one line says what fires after. */
const replay = (path: string, state: FiringAlerts, log: EventLog): void => {
  const { lines, unreadable } = readAlertLog(path);
  if (unreadable.length > 0) log('warning', `${path}: skipped ${unreadable.length} line(s) that are not an alert (line ${unreadable.join(', ')})`);
  if (lines.length === 0) return;
  for (const line of lines) state.apply(line.alert, line.via, line.at);
  const firing = state.list();
  const names = firing.length === 0 ? '' : ` (${firing.map((alert) => `${alert.name}, ${alert.severity_label ?? alert.severity}`).join('; ')})`;
  log('incidents', `replayed ${lines.length} alert(s) from ${path}: ${firing.length} firing${names}`);
};

const announce = (log: EventLog, alert: NormalisedAlert, change: 'firing' | 'resolved' | 'unchanged'): void => {
  if (change === 'unchanged') return;
  const name = alert.class ?? alert.dedup_key;
  log('incidents', change === 'firing' ? `${name} (${alert.severity}) firing, key ${alert.dedup_key}: ${alert.summary}` : `${name} resolved, key ${alert.dedup_key}`);
};
