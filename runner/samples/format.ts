/** How measures read in details and reasons: `42%`, `0.5%`, `812ms`, `1.25s`. */

/** A fraction as a percentage with at most one decimal: 0.4213 → `42.1%`. */
export const formatPercent = (fraction: number): string => `${Number((fraction * 100).toFixed(1))}%`;

/** A latency in ms: whole ms below 1 s (`812ms`, `0.4ms` below 1 ms), else seconds (`1.25s`). */
export const formatLatency = (ms: number): string => {
  if (ms < 1) return `${Number(ms.toFixed(2))}ms`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  return `${Number((ms / 1000).toFixed(2))}s`;
};
