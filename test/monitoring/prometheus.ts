/**
 * A real Prometheus for the tests: scrapes the given targets every second,
 * evaluates the given rules every second, sends alerts to one Alertmanager.
 * Config, rules and TSDB live in a temporary directory removed on close.
 * Everything stays on 127.0.0.1: no remote write or read, no lifecycle or
 * admin API, the external URL is its own loopback address.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startDaemon, type Daemon } from './daemon.ts';
import { getJson } from './http.ts';

export const PROMETHEUS_BINARY = 'prometheus';

export interface PrometheusOptions {
  /** `host:port` of every HTTP service to scrape at /metrics (all on 127.0.0.1). */
  targets: readonly string[];
  /** `host:port` of the Alertmanager; it may start later (Prometheus retries). */
  alertmanager: string;
  /** A rule file, as an object (see demo-rule.ts). */
  rules: object;
}

export interface Prometheus extends Daemon {
  /** GET /api/v1/<path> → its `data` (`alerts`, `targets`, `rules`, `query?query=…`). */
  api(path: string): Promise<unknown>;
}

/** prometheus.yml for the options; `rule_files` points at rules.yml beside it. */
export function prometheusConfig(options: PrometheusOptions): object {
  return {
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    rule_files: ['rules.yml'],
    alerting: {
      alertmanagers: [{ api_version: 'v2', timeout: '2s', static_configs: [{ targets: [options.alertmanager] }] }],
    },
    scrape_configs: [{ job_name: 'demo', static_configs: [{ targets: [...options.targets] }] }],
  };
}

/** The command line: no default paths (/etc, /var/lib) are used except the read-only web assets. */
export function prometheusArgs(dir: string, port: number): string[] {
  return [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    '--storage.tsdb.retention.time=1h',
    `--web.listen-address=127.0.0.1:${port}`,
    `--web.external-url=http://127.0.0.1:${port}/`,
    '--log.level=warn',
  ];
}

export async function startPrometheus(options: PrometheusOptions): Promise<Prometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'gameday-prometheus-'));
  writeFileSync(join(dir, 'prometheus.yml'), stringify(prometheusConfig(options)));
  writeFileSync(join(dir, 'rules.yml'), stringify(options.rules));
  let daemon: Daemon;
  try {
    daemon = await startDaemon({ binary: PROMETHEUS_BINARY, args: (port) => prometheusArgs(dir, port) });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    ...daemon,
    api: async (path) => ((await getJson(`${daemon.url}/api/v1/${path}`)) as { data: unknown }).data,
    close: async () => {
      await daemon.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
