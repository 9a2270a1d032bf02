import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';

/** Durations in ns, 1 ns to 60 s, 4 significant figures (0.01%). */
export const newHistogram = (): RecordableHistogram => createHistogram({ lowest: 1, highest: 60e9, figures: 4 });

/** Percentiles of round trips, in µs. */
export interface Percentiles {
  samples: number;
  p50Us: number;
  p99Us: number;
  meanUs: number;
  minUs: number;
  maxUs: number;
}

export function percentiles(histogram: RecordableHistogram): Percentiles {
  const us = (ns: number): number => round(ns / 1e3, 2);
  return {
    samples: histogram.count,
    p50Us: us(histogram.percentile(50)),
    p99Us: us(histogram.percentile(99)),
    meanUs: us(histogram.mean),
    minUs: us(histogram.min),
    maxUs: us(histogram.max),
  };
}

export const round = (value: number, digits: number): number => {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
};

/** 100 × (measured − wanted) / wanted: the signed error in percent. */
export const errorPct = (measured: number, wanted: number): number => round((100 * (measured - wanted)) / wanted, 3);

export const MB = 1e6;
export const MiB = 1024 * 1024;
