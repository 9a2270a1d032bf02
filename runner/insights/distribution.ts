/**
 * Distributions: every point with its sample size, the median and the 90th percentile; never a lone mean.
 */

/** One measured value, and the postmortem it came from. */
export interface Point {
  /** The postmortem's id. */
  id: string;
  value: number;
}

export interface Distribution {
  /** Sample size: how many points. */
  n: number;
  /** null when n is 0, as are p90, min and max. */
  median: number | null;
  p90: number | null;
  min: number | null;
  max: number | null;
  /** Every point, oldest postmortem first. */
  points: Point[];
}

/**
 * The distribution of `points` (kept in the order given). Percentiles interpolate linearly between the two
 * nearest ranks (R-7, numpy's and a spreadsheet's PERCENTILE default): the median of an even count is the mean
 * of the middle two; p90 of 1..10 is 9.1. `sorted`, when given, is the points' values in ascending order
 * already (callers that bucket many points sort once for all buckets); else they are sorted here.
 */
export const distributionOf = (points: Point[], sorted?: ArrayLike<number>): Distribution => {
  const n = points.length;
  if (n === 0) return { n: 0, median: null, p90: null, min: null, max: null, points };
  const values = sorted ?? sortedValues(points);
  return {
    n,
    median: quantile(values, 0.5),
    p90: quantile(values, 0.9),
    min: values[0]!,
    max: values[n - 1]!,
    points,
  };
};

const sortedValues = (points: readonly Point[]): Float64Array => {
  const values = new Float64Array(points.length);
  for (let i = 0; i < points.length; i += 1) values[i] = points[i]!.value;
  return values.sort();
};

/**
 * The `q` quantile (0..1) of ascending, non-empty `sorted`, by linear interpolation, rounded to a
 * millionth so that binary fractions do not show (6500, not 6500.000000000001).
 */
export const quantile = (sorted: ArrayLike<number>, q: number): number => {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const low = sorted[lo]!;
  const high = sorted[Math.min(lo + 1, sorted.length - 1)]!;
  return Math.round((low + (h - lo) * (high - low)) * 1e6) / 1e6;
};
