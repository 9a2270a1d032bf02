import { scaleBand, scaleLinear, type ScaleBand, type ScaleLinear } from 'd3-scale';

/**
 * The frame every chart shares: an SVG user space of `width` × `height` units (the SVG scales to its box with
 * its viewBox), margins for the axes, a band per category along x and a linear value axis along y.
 */
export interface Frame {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

export const FRAME: Frame = { width: 720, height: 260, margin: { top: 16, right: 16, bottom: 40, left: 64 } };

export interface Tick {
  /** Position along the axis, in SVG units. */
  at: number;
  label: string;
  /** Every other label: hidden on narrow screens, where the text is drawn larger (site.css). */
  minor: boolean;
}

export interface BandAxis {
  x: ScaleBand<string>;
  /** One label per band, thinned so at most ~12 show. */
  ticks: Tick[];
}

export const bandAxis = (labels: readonly string[], frame: Frame = FRAME): BandAxis => {
  const x = scaleBand<string>()
    .domain(labels)
    .range([frame.margin.left, frame.width - frame.margin.right])
    .paddingInner(0.2)
    .paddingOuter(0.1);
  const every = Math.max(1, Math.ceil(labels.length / 12));
  const ticks = labels
    .filter((_, index) => index % every === 0)
    .map((label, index) => ({ at: (x(label) ?? 0) + x.bandwidth() / 2, label, minor: index % 2 === 1 }));
  return { x, ticks };
};

export interface ValueAxis {
  y: ScaleLinear<number, number>;
  ticks: Tick[];
}

/**
 * A value axis from 0 to at least `max` (made round), with about five labelled ticks; with `whole`, only
 * whole-number ticks (for counts).
 */
export const valueAxis = (max: number, format: (value: number) => string, whole = false, frame: Frame = FRAME): ValueAxis => {
  const y = scaleLinear()
    .domain([0, max > 0 ? max : 1])
    .nice(5)
    .range([frame.height - frame.margin.bottom, frame.margin.top]);
  const values = y.ticks(5).filter((value) => !whole || Number.isInteger(value));
  return { y, ticks: values.map((value, index) => ({ at: y(value), label: format(value), minor: index % 2 === 1 })) };
};

/** Rounds SVG coordinates to 0.1 unit: smaller pages, same picture. */
export const r = (value: number): number => Math.round(value * 10) / 10;
