import type { Goal } from './report.ts';
import { GOAL_RATE, type LoadResult, type ReceiverResult } from './receiver.ts';

/** The goals of issue 4: GOAL_RATE alerts/s sustained, none lost. */
export function receiverGoals(r: ReceiverResult): Goal[] {
  return [
    { name: 'receiver rate', goal: `>= ${GOAL_RATE} alerts/s as fast as it goes`, met: r.fastest.alertsPerSecond >= GOAL_RATE },
    {
      name: 'receiver on schedule',
      goal: `${GOAL_RATE} alerts/s on schedule, achieved within 1%`,
      met: r.atGoal.alertsPerSecond >= GOAL_RATE * 0.99,
    },
    {
      name: 'receiver none lost',
      goal: 'journal count = count sent = count accepted, each once',
      met: r.lost === 0 && r.refused === 0 && r.journalProblems === 0 && r.journaled === r.sent && r.distinctKeys === r.journaled,
    },
  ];
}

const yes = (met: boolean): string => (met ? 'yes' : 'NO');

function loadRow(name: string, l: LoadResult, goal: string, met: string): string[] {
  return [
    `${name} (${l.connections} conns, ${l.seconds} s)`,
    `${l.alertsPerSecond}`,
    `${l.latency.p50Ms} / ${l.latency.p99Ms} / ${l.latency.maxMs}`,
    `${l.receiverCpuUsPerAlert}`,
    goal,
    met,
  ];
}

/** The receiver's figures as a plain-text table, like the proxy's. */
export function renderReceiverTable(r: ReceiverResult, goals: Goal[]): string {
  const met = (name: string): string => yes(goals.find((g) => g.name === name)?.met ?? false);
  const rows: string[][] = [
    ['Receiver ingest (one alert per request)', 'Alerts/s', 'Response p50 / p99 / max, ms', 'Receiver CPU µs/alert', 'Goal', 'Met'],
    loadRow('As fast as it goes', r.fastest, `>= ${GOAL_RATE}/s`, met('receiver rate')),
    loadRow(`On schedule at ${r.atGoal.targetPerSecond}/s`, r.atGoal, 'within 1%', met('receiver on schedule')),
  ];
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  const line = (row: string[]): string => row.map((cell, col) => cell.padEnd(widths[col]!)).join('  ').trimEnd();
  return [
    line(rows[0]!),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
    '',
    `Journal: ${r.journaled} alert.received events for ${r.sent} alerts sent, ${r.accepted} answered 202, ${r.refused} refused, ` +
      `${r.distinctKeys} distinct keys, ${r.journalProblems} unreadable lines; lost ${r.lost}. None lost: ${met('receiver none lost')}.`,
    `Receiver stalls: ${r.stalls.slowWrites} journal writes over 10 ms (slowest ${r.stalls.slowestWriteMs} ms); ` +
      `event loop delay p99 ${r.stalls.loopDelayP99Ms} ms, max ${r.stalls.loopDelayMaxMs} ms.`,
    `Requests: ${r.requestBytes} bytes on average (PagerDuty, Alertmanager, Grafana, generic in turn), keep-alive, over 127.0.0.1.`,
  ].join('\n');
}
