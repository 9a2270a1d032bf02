import { pathToFileURL } from 'node:url';
import { insightsOf } from '../../runner/insights/index.ts';
import { syntheticFrontMatters } from '../insights/corpus.ts';
import type { Goal } from '../report.ts';
import { round } from '../stats.ts';

/** The goal of issue 6, seconds for insights over 100,000 postmortems. */
export const GOAL_INSIGHTS_SECONDS = 5;

export interface InsightsResult {
  postmortems: number;
  /** Generating the front matters in memory (not part of the goal), s. */
  generateSeconds: number;
  /** insightsOf over all of them, each of `rounds` rounds, s; the goal is judged on the slowest. */
  roundsSeconds: number[];
  slowestSeconds: number;
  /** What the answer holds, to show the work was done. */
  actionItems: number;
  failureModes: number;
  regressions: number;
  /** Heap in use after a round, MB. */
  heapUsedMB: number;
}

/**
 * Times `insightsOf` (trends by week, month and overall with every split, recurring failure modes,
 * regressions, action items with verification) over `count` synthetic front matters made in memory from a
 * seeded random source; no files, no git. A warm-up on 5,000 comes first.
 */
export function measureInsights(count = 100_000, rounds = 3): InsightsResult {
  const generated = performance.now();
  const inputs = syntheticFrontMatters(count).map((frontMatter) => ({ frontMatter }));
  const generateSeconds = (performance.now() - generated) / 1_000;
  insightsOf(inputs.slice(0, 5_000), { now: '2026-01-01' });
  const roundsSeconds: number[] = [];
  let last: ReturnType<typeof insightsOf> | undefined;
  for (let i = 0; i < rounds; i += 1) {
    last = undefined;
    const started = performance.now();
    last = insightsOf(inputs, { now: '2026-01-01' });
    roundsSeconds.push(round((performance.now() - started) / 1_000, 2));
  }
  return {
    postmortems: count,
    generateSeconds: round(generateSeconds, 2),
    roundsSeconds,
    slowestSeconds: Math.max(...roundsSeconds),
    actionItems: last?.actionItems.total ?? 0,
    failureModes: last?.recurring.failureModes.length ?? 0,
    regressions: last?.regressions.length ?? 0,
    heapUsedMB: round(process.memoryUsage().heapUsed / 1e6, 0),
  };
}

export const insightsGoal = (r: InsightsResult): Goal => ({
  name: 'insights',
  goal: `${r.postmortems} postmortems < ${GOAL_INSIGHTS_SECONDS} s`,
  met: r.slowestSeconds < GOAL_INSIGHTS_SECONDS,
});

export const renderInsightsLine = (r: InsightsResult, goal: Goal = insightsGoal(r)): string =>
  `Insights over ${r.postmortems} postmortems (${r.actionItems} action items, ${r.failureModes} failure modes, ` +
  `${r.regressions} regressions): ${r.roundsSeconds.join(' / ')} s per round; goal < ${GOAL_INSIGHTS_SECONDS} s: ${goal.met ? 'yes' : 'NO'}`;

// `npx tsx bench/scenarios/insights.ts [COUNT]`: this scenario alone, as JSON.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = measureInsights(Number(process.argv[2] ?? 100_000));
  process.stdout.write(`${JSON.stringify({ ...result, goal: insightsGoal(result) }, null, 2)}\n`);
}
