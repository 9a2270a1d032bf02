import type { ActionItemInsight } from './action-items.ts';
import type { Insights } from './insights.ts';
import type { Cluster } from './recurring.ts';
import { formatDistribution, formatRate, plain, plural, table } from './text-format.ts';
import type { PeriodTrend, TrendSplit } from './trends.ts';

/** How much of each list the summary shows; the JSON has everything. */
export interface InsightsTextOptions {
  /** Most recent weeks shown; default 12. */
  weeks?: number;
  /** Recurring clusters and open action items shown, each; default 10 and 20. */
  clusters?: number;
  openItems?: number;
}

/** A readable summary of `insights`: trends with their n, top recurring issues, regressions, open action items. */
export const insightsText = (insights: Insights, options: InsightsTextOptions = {}): string => {
  const { postmortems, trends, actionItems } = insights;
  const out: string[] = [
    `Insights over ${plural(postmortems.total, 'postmortem')} (${postmortems.dated} dated, ${postmortems.handWritten} hand-written), as of ${insights.now}`,
  ];
  const overall = trends.overall.all[0];
  if (overall === undefined) return `${out[0]}\n`;

  out.push('', 'Overall: median / p90 (n = runs measured)', ...periodTable([overall], 'period'));
  out.push(
    '',
    `  Detection: ${detectionLine(overall)}`,
    `  Alert noise: ${noiseLine(overall)}`,
    `  Verdicts: ${verdictLine(overall)}`,
  );
  out.push('', 'By month', ...periodTable(trends.month.all, 'month'));
  const weeks = options.weeks ?? 12;
  const recentWeeks = trends.week.all.slice(-weeks);
  out.push('', `By ISO week${trends.week.all.length > weeks ? ` (the last ${weeks})` : ''}`, ...periodTable(recentWeeks, 'week'));
  out.push(...splitSection('By service', trends.overall.service), ...splitSection('By fault kind', trends.overall.faultKind));
  out.push(...splitSection('By experiment', trends.overall.experiment));

  out.push(...recurringSection(insights, options.clusters ?? 10));
  out.push('', `Regressions (a failure mode back after its action items were done): ${insights.regressions.length}`);
  for (const r of insights.regressions) {
    out.push(
      `  ${plain(r.fingerprint)}: done in ${plain(r.fixed.postmortem)} (${r.fixed.date}; ${plain(r.fixed.items.join(', '))}), ` +
        `back in ${plain(r.cameBack.postmortem)} (${r.cameBack.date})`,
    );
  }

  out.push(
    '',
    `Action items: ${actionItems.open} open (${actionItems.overdue} overdue), ${actionItems.done} done, ` +
      `${actionItems.verified} verified by a later run`,
  );
  const open = actionItems.items.filter((item) => !item.done).sort((a, b) => (b.ageDays ?? -1) - (a.ageDays ?? -1));
  const shown = open.slice(0, options.openItems ?? 20);
  if (shown.length > 0) {
    out.push(...table([['item', 'age', 'due', 'postmortem', 'text'], ...shown.map(openItemRow)]));
    if (open.length > shown.length) out.push(`  … and ${open.length - shown.length} more (see --json)`);
  }
  return `${out.join('\n')}\n`;
};

const HEADER = ['runs', 'time to detect', 'time to acknowledge', 'time to recover', 'detected', 'noise'];

/** One bucket as a row: label, runs, the three distributions, detection and noise. */
const trendRow = (label: string, p: PeriodTrend): string[] => [
  label,
  String(p.runs),
  formatDistribution(p.timeToDetect),
  formatDistribution(p.timeToAcknowledge),
  formatDistribution(p.timeToRecover),
  formatRate(p.detection.caught, p.detection.injected),
  formatRate(p.noise.noise, p.noise.unique),
];

const periodTable = (periods: readonly PeriodTrend[], label: string): string[] =>
  periods.length === 0 ? ['  (no dated postmortems)'] : table([[label, ...HEADER], ...periods.map((p) => trendRow(p.period, p))]);

/** Each split's one `overall` bucket. */
const splitSection = (title: string, splits: readonly TrendSplit[]): string[] => {
  const rows = splits.flatMap((split) => (split.periods[0] === undefined ? [] : [trendRow(plain(split.key), split.periods[0])]));
  return rows.length === 0 ? [] : ['', `${title} (all time)`, ...table([['', ...HEADER], ...rows])];
};

const detectionLine = (p: PeriodTrend): string => {
  const { detection: d, expectedAlerts: e } = p;
  const caught =
    d.injected === 0 ? 'no run injected a fault' : `an alert caught the faults in ${d.caught} of ${plural(d.injected, 'run')} that injected them (${percent(d.rate)})`;
  const expected = e.rate === null ? 'no alert was expected' : `${e.fired} of ${e.fired + e.missed} expected alerts fired (${percent(e.rate)})`;
  return `${caught}; ${expected}`;
};

const percent = (rate: number | null): string => (rate === null ? '—' : `${Math.round(100 * rate)}%`);

const noiseLine = (p: PeriodTrend): string =>
  p.noise.unique === 0
    ? 'no alert fired'
    : `${p.noise.noise} of ${p.noise.unique} distinct alerts were noise (${percent(p.noise.share)}; ${p.noise.received} triggers in all); ` +
      `noise per run, median / p90: ${formatDistribution(p.noise.perRun, (v) => (v === null ? '—' : String(Math.round(v * 10) / 10)))}`;

const verdictLine = (p: PeriodTrend): string =>
  Object.entries(p.verdicts)
    .sort(([, a], [, b]) => (b ?? 0) - (a ?? 0))
    .map(([verdict, n]) => `${verdict} ${n}`)
    .join(', ');

const recurringSection = (insights: Insights, limit: number): string[] => {
  const modes = insights.recurring.failureModes.filter((c) => c.count > 1);
  const hand = insights.recurring.handWritten.filter((c) => c.count > 1);
  const out = ['', `Recurring failure modes (seen in more than one postmortem): ${modes.length}`];
  for (const c of modes.slice(0, limit)) out.push(...clusterLines(plain(c.fingerprint), c));
  if (modes.length > limit) out.push(`  … and ${modes.length - limit} more (see --json)`);
  if (hand.length > 0) {
    out.push('', `Hand-written postmortems sharing a service or tag: ${hand.length}`);
    for (const c of hand.slice(0, limit)) out.push(...clusterLines(`${c.by} ${plain(c.key)}`, c));
    if (hand.length > limit) out.push(`  … and ${hand.length - limit} more (see --json)`);
  }
  return out;
};

const clusterLines = (name: string, c: Cluster): string[] => {
  const ids = c.postmortems.length > 6 ? [...c.postmortems.slice(0, 3), '…', ...c.postmortems.slice(-2)] : c.postmortems;
  return [
    `  ${c.count}×  ${name}  (${c.firstSeen ?? '?'} to ${c.lastSeen ?? '?'}, ${plural(c.openActionItems.length, 'open item')})`,
    `      ${plain(ids.join(', '))}`,
  ];
};

const openItemRow = (item: ActionItemInsight): string[] => [
  plain(item.id ?? '(no id)'),
  item.ageDays === null ? '?' : `${item.ageDays}d`,
  `${item.due ?? '—'}${item.overdue ? ' overdue' : ''}`,
  plain(item.postmortem),
  plain(truncate(`${item.text}${item.owner === null ? '' : ` — ${item.owner}`}`, 80)),
];

const truncate = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
