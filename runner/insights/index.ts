export type { ActionItemInsight, ActionItems } from './action-items.ts';
export { distributionOf, quantile, type Distribution, type Point } from './distribution.ts';
export type { PostmortemInput } from './entry.ts';
export { ticksFromGit, type TicksFromGitOptions } from './git-ticks.ts';
export { insightsOf, type Insights, type InsightsOptions } from './insights.ts';
export { periodOf, type Granularity, type PeriodKey } from './period.ts';
export type { Cluster, FailureModeCluster, HandWrittenCluster, OpenItem, Recurring } from './recurring.ts';
export type { Regression } from './regressions.ts';
export { insightsText, type InsightsTextOptions } from './text.ts';
export { ticksFromLog } from './tick-history.ts';
export type { Tick, TickIndex } from './ticks.ts';
export type {
  AlertNoise,
  DetectionRate,
  ExpectedAlerts,
  PeriodTrend,
  TrendSeries,
  TrendSplit,
  Trends,
  VerdictCounts,
} from './trends.ts';
