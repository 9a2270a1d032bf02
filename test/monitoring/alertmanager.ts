/**
 * A real Alertmanager for the tests: one route to one webhook (the run's
 * receiver, or a stand-in), with the shared secret as a bearer token.
 * Gossip is off (`--cluster.listen-address=`), so it opens no port but its
 * API on 127.0.0.1. Config and storage live in a temporary directory
 * removed on close.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startDaemon, type Daemon } from './daemon.ts';
import { getJson } from './http.ts';

/** Debian names the binary after its package. */
export const ALERTMANAGER_BINARY = 'prometheus-alertmanager';
/** The `receiver` name in every webhook body. */
export const RECEIVER_NAME = 'gameday';

export interface AlertmanagerOptions {
  /** Full webhook URL, e.g. `http://127.0.0.1:PORT/alertmanager`. */
  webhookUrl: string;
  /** Sent as `Authorization: Bearer <secret>`. */
  secret: string;
}

export interface Alertmanager extends Daemon {
  /** `127.0.0.1:<port>`, for Prometheus' alerting targets. */
  readonly address: string;
  /** GET /api/v2/alerts: what it holds now (for failure messages). */
  alerts(): Promise<unknown>;
}

/**
 * Notifies 1 s after the first alert of a group and 1 s after any change
 * (firing or resolved); repeats only after a day, so a test sees each change
 * once.
 */
export function alertmanagerConfig(options: AlertmanagerOptions): object {
  return {
    route: {
      receiver: RECEIVER_NAME,
      group_by: ['alertname'],
      group_wait: '1s',
      group_interval: '1s',
      repeat_interval: '24h',
    },
    receivers: [
      {
        name: RECEIVER_NAME,
        webhook_configs: [
          {
            url: options.webhookUrl,
            send_resolved: true,
            http_config: { authorization: { type: 'Bearer', credentials: options.secret } },
          },
        ],
      },
    ],
  };
}

export function alertmanagerArgs(dir: string, port: number): string[] {
  return [
    `--config.file=${join(dir, 'alertmanager.yml')}`,
    `--storage.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    `--web.external-url=http://127.0.0.1:${port}/`,
    '--cluster.listen-address=',
    '--log.level=warn',
  ];
}

export async function startAlertmanager(options: AlertmanagerOptions): Promise<Alertmanager> {
  const dir = mkdtempSync(join(tmpdir(), 'gameday-alertmanager-'));
  writeFileSync(join(dir, 'alertmanager.yml'), stringify(alertmanagerConfig(options)));
  let daemon: Daemon;
  try {
    daemon = await startDaemon({ binary: ALERTMANAGER_BINARY, args: (port) => alertmanagerArgs(dir, port) });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    ...daemon,
    address: `127.0.0.1:${daemon.port}`,
    alerts: () => getJson(`${daemon.url}/api/v2/alerts`),
    close: async () => {
      await daemon.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
