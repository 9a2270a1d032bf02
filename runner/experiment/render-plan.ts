import { formatDuration } from './duration.ts';
import type { Plan } from './plan.ts';
import type { AlertRule, StopCondition } from './schema.ts';

/** The plan as text for a terminal: sections, times as durations from the start of the run. */
export const renderPlan = (plan: Plan, file?: string): string => {
  const lines: string[] = [];
  const section = (title: string, rows: string[]): void => {
    if (rows.length === 0) return;
    lines.push('', title, ...rows.map((row) => `  ${row}`));
  };
  lines.push(`Plan for ${plan.name}${file === undefined ? '' : ` (${file})`}`);
  lines.push(...plan.description.trim().split('\n').map((line) => `  ${line}`));

  section(
    'Toxiproxy',
    table(plan.servers.map((server) => [server.host, server.url ?? 'TOXIPROXY_URL not set: the embedded server'])),
  );
  section(
    'Services',
    table(
      plan.services.map((service) => {
        const start = service.start === undefined ? '' : `start: ${service.start.command}`;
        return [service.name, service.owner, service.importance, start];
      }),
    ),
  );
  section(
    'Proxies',
    table(
      plan.proxies.map((proxy) => [proxy.name, `${proxy.listen} -> ${proxy.upstream}`, `for ${proxy.service}`, `on ${proxy.host}`]),
    ),
  );
  section('Preflight', [
    `steady state measured for ${formatDuration(plan.preflight.window)} before t=0: ${plan.preflight.probes.join(', ')}`,
  ]);
  section(
    'Timeline',
    plan.timeline.map((entry) => {
      const late = entry.at > plan.end ? '  (after the run ends!)' : '';
      return `${formatDuration(entry.at).padStart(8)}  ${entry.text}${late}`;
    }),
  );
  section(
    'Alert rules',
    table(plan.rules.map((rule) => [rule.name, rule.severity, describeCondition(rule), `service ${rule.service}`])),
  );
  section(
    'Expected alerts',
    table(
      plan.expectedAlerts.map((alert) => [
        alert.name,
        alert.source === 'rule' ? 'own rule' : 'external',
        alert.deadline === undefined ? 'no fault to count from' : `by ${formatDuration(alert.deadline)}`,
      ]),
    ),
  );
  section(
    'Expectations',
    table(
      plan.expectations.map((planned) => [planned.name, planned.expectation.type, `judged at ${formatDuration(planned.deadline)}`]),
    ),
  );
  section('Stop conditions (abort and roll back)', [
    ...plan.stopConditions.map(describeCondition),
    `run longer than ${formatDuration(plan.maxDuration)} (safety.max_duration)`,
  ]);
  section(
    'Rollback (after the faults are removed)',
    plan.rollback.map((step) => `${step.name}: ${step.command}`),
  );
  lines.push('', `Nothing was changed: this is a plan. Run it with gameday run ${file ?? '<file>'}.`, '');
  return lines.join('\n');
};

const table = (rows: readonly string[][]): string[] => {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
};

const percent = (fraction: number): string => `${Number((fraction * 100).toFixed(2))}%`;

/** `error_rate above 5% over 30s for 10s (traffic)` */
export const describeCondition = (condition: StopCondition | AlertRule): string => {
  const watched = condition.type === 'probe_failing' || condition.probe === undefined ? 'traffic' : `probe ${condition.probe}`;
  const source = condition.type === 'probe_failing' ? '' : ` (${watched})`;
  const holding = (ms: number): string => (ms > 0 ? ` for ${formatDuration(ms)}` : '');
  const over = (ms: number): string => ` over ${formatDuration(ms)}`;
  switch (condition.type) {
    case 'failures_in_window':
      return `${condition.count} failures within ${formatDuration(condition.window)}${source}`;
    case 'error_rate':
      return `error rate above ${percent(condition.above)}${over(condition.window)}${holding(condition.for)}${source}`;
    case 'latency':
      const bound = `${condition.percentile} above ${formatDuration(condition.above)}`;
      return `${bound}${over(condition.window)}${holding(condition.for)}${source}`;
    case 'probe_failing':
      return `probe ${condition.probe} failing${holding(condition.for)}`;
  }
};
