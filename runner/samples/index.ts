export { SampleWindowError } from './errors.ts';
export { formatLatency, formatPercent } from './format.ts';
export { type PercentileName, type Percentiles } from './latency.ts';
export { TRAFFIC, type Sample, type SampleSource, type Series } from './sample.ts';
export {
  DEFAULT_BUCKET_MS,
  DEFAULT_RETAIN_MS,
  SampleStore,
  type SampleReader,
  type SampleStoreOptions,
} from './store.ts';
export { type ProbeSummaryEvent, type SummaryEvent, type TrafficSummaryEvent } from './summaries.ts';
export { DEFAULT_SUMMARY_EVERY_MS, startSummaries, type SummaryTimerOptions } from './summary-timer.ts';
export { type Counts, type LastResult, type Stats } from './tally.ts';
