import { describe, expect, it } from 'vitest';
import * as insights_ from '../../runner/insights/index.ts';

const { distributionOf, periodOf, quantile } = insights_;

describe('runner/insights exports', () => {
  it('are exactly these', () => {
    expect(Object.keys(insights_).sort()).toEqual([
      'distributionOf',
      'insightsOf',
      'insightsText',
      'periodOf',
      'quantile',
      'ticksFromGit',
      'ticksFromLog',
    ]);
  });
});

describe('distributionOf', () => {
  it('keeps every point and gives n, median and p90 interpolated between ranks', () => {
    const points = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6].map((value, i) => ({ id: `PM-${i}`, value }));
    const d = distributionOf(points);
    expect(d).toEqual({ n: 10, median: 5.5, p90: 9.1, min: 1, max: 10, points });
    expect(distributionOf([{ id: 'x', value: 42 }])).toMatchObject({ n: 1, median: 42, p90: 42 });
    expect(distributionOf([])).toEqual({ n: 0, median: null, p90: null, min: null, max: null, points: [] });
  });

  it('sorts numbers as numbers', () => {
    expect(quantile(Float64Array.from([2, 10, 100].sort((a, b) => a - b)), 0.5)).toBe(10);
    expect(distributionOf([100, 9, 10].map((value) => ({ id: 'x', value }))).median).toBe(10);
  });
});

describe('periodOf', () => {
  it('labels ISO weeks by the year of their Thursday, starting on Monday', () => {
    const week = (date: string) => periodOf(date, 'week');
    expect(week('2025-03-03')).toEqual({ label: '2025-W10', start: '2025-03-03' });
    expect(week('2025-03-09')).toEqual({ label: '2025-W10', start: '2025-03-03' });
    expect(week('2024-12-30')).toEqual({ label: '2025-W01', start: '2024-12-30' });
    expect(week('2021-01-03')).toEqual({ label: '2020-W53', start: '2020-12-28' });
    expect(week('2026-12-31')).toEqual({ label: '2026-W53', start: '2026-12-28' });
    expect(week('2025-02-30')).toBeNull();
  });

  it('labels months and the overall bucket', () => {
    expect(periodOf('2025-03-31', 'month')).toEqual({ label: '2025-03', start: '2025-03-01' });
    expect(periodOf('2025-13-01', 'month')).toBeNull();
    expect(periodOf('anything', 'overall')).toEqual({ label: 'all', start: null });
  });
});
