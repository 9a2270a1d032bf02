import type { Probe } from '../experiment/index.ts';
import { formatLatency, formatPercent, type PercentileName, type SampleReader, type Stats } from '../samples/index.ts';

/** Whether one probe stayed within its tolerances over the window. */
export interface ProbeVerdict {
  readonly probe: string;
  readonly held: boolean;
  /** Why it did not hold, every tolerance it broke, `; `-separated; null when it held. */
  readonly why: string | null;
  /** What the probe saw in the window. */
  readonly stats: Stats;
}

export interface SteadyStateVerdict {
  /** True when every probe held. */
  readonly held: boolean;
  readonly probes: readonly ProbeVerdict[];
}

/** A window of run time, ms, half-open: [from, to). */
export interface TimeWindow {
  readonly from: number;
  readonly to: number;
}

const PERCENTILES: readonly PercentileName[] = ['p50', 'p90', 'p95', 'p99'];

/**
 * Judges each probe over `window` against its tolerances: the share of
 * failed checks must not exceed `max_error_rate`, and each bounded latency
 * percentile must stay at or below its bound. A probe with no check in the
 * window did not hold: nothing shows that it did.
 */
export const checkSteadyState = (store: SampleReader, probes: readonly Probe[], window: TimeWindow): SteadyStateVerdict => {
  const verdicts = probes.map((probe) => judgeProbe(store, probe, window));
  return { held: verdicts.every((v) => v.held), probes: verdicts };
};

const judgeProbe = (store: SampleReader, probe: Probe, window: TimeWindow): ProbeVerdict => {
  const stats = store.stats({ probe: probe.name }, window.from, window.to);
  const reasons: string[] = [];
  if (stats.count === 0) {
    reasons.push(`no check answered in the ${formatLatency(window.to - window.from)} window`);
  } else {
    const { max_error_rate: allowed, latency: bounds } = probe.tolerances;
    const rate = stats.errorRate ?? 0;
    if (rate > allowed) {
      const kinds = Object.entries(stats.errors)
        .sort(([, a], [, b]) => b - a)
        .map(([kind, n]) => `${kind} ×${n}`)
        .join(', ');
      reasons.push(
        `error rate ${formatPercent(rate)} > ${formatPercent(allowed)} allowed ` +
          `(${stats.failures} of ${stats.count} checks failed: ${kinds})`,
      );
    }
    for (const name of PERCENTILES) {
      const bound = bounds?.[name];
      const measured = stats.latency?.[name];
      if (bound === undefined || measured === undefined || measured <= bound) continue;
      reasons.push(`${name} ${formatLatency(measured)} > ${formatLatency(bound)} allowed`);
    }
  }
  return { probe: probe.name, held: reasons.length === 0, why: reasons.length === 0 ? null : reasons.join('; '), stats };
};
