import { max } from 'd3-array';
import { line } from 'd3-shape';
import type { Distribution } from '../../../runner/insights/index.ts';
import { bandAxis, FRAME, r, valueAxis, type Tick } from './frame.ts';

/**
 * A distribution over periods (time to detect by ISO week, noise per run by month, ...): every point as one
 * mark in its period's band, spread across the band in the order given (oldest postmortem first), and the
 * period's median and p90 as short bars joined by a line across periods. Never a lone mean.
 */
export interface PeriodDistribution {
  /** `2025-W09`, `2025-03`, `all`. */
  period: string;
  distribution: Distribution;
}

export interface DistributionMark {
  cx: number;
  cy: number;
  period: string;
  /** The postmortem's id. */
  id: string;
  value: number;
}

export interface Level {
  period: string;
  x1: number;
  x2: number;
  y: number;
  value: number;
}

export interface DistributionChart {
  width: number;
  height: number;
  /** Where the plot area is, for axis lines. */
  plot: { left: number; right: number; top: number; bottom: number };
  xTicks: Tick[];
  yTicks: Tick[];
  marks: DistributionMark[];
  medians: Level[];
  p90s: Level[];
  /** SVG path data joining the medians, and the p90s, across periods ('' with fewer than two). */
  medianPath: string;
  p90Path: string;
  /** Points in all: the number of marks. */
  n: number;
}

/** `whole`: the values are counts (whole-number axis ticks). */
export const distributionChart = (
  periods: readonly PeriodDistribution[],
  format: (value: number) => string,
  whole = false,
): DistributionChart => {
  const frame = FRAME;
  const { x, ticks: xTicks } = bandAxis(periods.map((p) => p.period), frame);
  const top = max(periods, (p) => p.distribution.max ?? 0) ?? 0;
  const { y, ticks: yTicks } = valueAxis(top, format, whole, frame);
  const band = x.bandwidth();
  const marks: DistributionMark[] = [];
  const medians: Level[] = [];
  const p90s: Level[] = [];
  for (const { period, distribution } of periods) {
    const left = x(period) ?? 0;
    const k = distribution.points.length;
    distribution.points.forEach((point, index) => {
      marks.push({ cx: r(left + band * (0.1 + (0.8 * (index + 0.5)) / k)), cy: r(y(point.value)), period, id: point.id, value: point.value });
    });
    if (distribution.median !== null) medians.push({ period, x1: r(left), x2: r(left + band), y: r(y(distribution.median)), value: distribution.median });
    if (distribution.p90 !== null) p90s.push({ period, x1: r(left), x2: r(left + band), y: r(y(distribution.p90)), value: distribution.p90 });
  }
  const path = line<Level>()
    .x((level) => (level.x1 + level.x2) / 2)
    .y((level) => level.y);
  return {
    width: frame.width,
    height: frame.height,
    plot: { left: frame.margin.left, right: frame.width - frame.margin.right, top: frame.margin.top, bottom: frame.height - frame.margin.bottom },
    xTicks,
    yTicks,
    marks,
    medians,
    p90s,
    medianPath: medians.length > 1 ? (path(medians) ?? '') : '',
    p90Path: p90s.length > 1 ? (path(p90s) ?? '') : '',
    n: marks.length,
  };
};
