/**
 * What a monitoring test prints when it times out: Prometheus' targets and
 * alert states, what Alertmanager holds, what the receiver got, and the tail
 * of each binary's output, so a failure in CI says where the chain broke.
 */
import type { Alertmanager } from './alertmanager.ts';
import type { Prometheus } from './prometheus.ts';

export interface MonitoringParts {
  prometheus?: Prometheus | undefined;
  alertmanager?: Alertmanager | undefined;
  /** What the receiver (stand-in or the run's) accepted, in any form. */
  deliveries?: unknown;
  refused?: readonly string[] | undefined;
}

/** Lines of binary output shown. */
const LOG_LINES = 15;

export async function describeMonitoring(parts: MonitoringParts): Promise<string> {
  const sections: string[] = [];
  const show = async (title: string, read: () => Promise<unknown>): Promise<void> => {
    let text: string;
    try {
      text = JSON.stringify(await read()).slice(0, 3_000);
    } catch (error) {
      text = `(could not read: ${String(error)})`;
    }
    sections.push(`${title}: ${text}`);
  };
  const { prometheus, alertmanager } = parts;
  if (prometheus) {
    await show('prometheus targets', async () =>
      ((await prometheus.api('targets')) as { activeTargets: Array<Record<string, unknown>> }).activeTargets.map((t) => ({
        url: t.scrapeUrl,
        health: t.health,
        error: t.lastError,
      })),
    );
    await show('prometheus alerts', () => prometheus.api('alerts'));
    sections.push(`prometheus output:\n${tail(prometheus.logs())}`);
  }
  if (alertmanager) {
    await show('alertmanager alerts', () => alertmanager.alerts());
    sections.push(`alertmanager output:\n${tail(alertmanager.logs())}`);
  }
  if (parts.deliveries !== undefined) sections.push(`receiver got: ${JSON.stringify(parts.deliveries).slice(0, 3_000)}`);
  if (parts.refused !== undefined) sections.push(`receiver refused: ${JSON.stringify(parts.refused)}`);
  return `\n${sections.join('\n')}`;
}

const tail = (text: string): string => text.trimEnd().split('\n').slice(-LOG_LINES).join('\n');
