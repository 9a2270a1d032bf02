import { max } from 'd3-array';
import { bandAxis, FRAME, r, valueAxis, type Tick } from './frame.ts';

/**
 * Bars, one a category (a period's detection rate, the runs of one verdict): each bar is one mark. A category
 * with no value (a period where nothing was injected) gets no bar, and says so in the table.
 */
export interface BarDatum {
  key: string;
  /** null: nothing to show for this category. */
  value: number | null;
  /** What the bar stands for, for the mark's tooltip: `4 of 5 caught`. */
  note: string;
}

export interface BarMark {
  key: string;
  value: number;
  note: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface BarChart {
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  xTicks: Tick[];
  yTicks: Tick[];
  marks: BarMark[];
}

/**
 * `ceiling`: the top of the value axis when fixed (1 for rates); else the largest value, made round. `whole`:
 * the values are counts (whole-number axis ticks).
 */
export const barChart = (data: readonly BarDatum[], format: (value: number) => string, ceiling?: number, whole = false): BarChart => {
  const frame = FRAME;
  const { x, ticks: xTicks } = bandAxis(data.map((d) => d.key), frame);
  const { y, ticks: yTicks } = valueAxis(ceiling ?? max(data, (d) => d.value ?? 0) ?? 0, format, whole, frame);
  const bottom = frame.height - frame.margin.bottom;
  const marks = data.flatMap((d): BarMark[] =>
    d.value === null
      ? []
      : [{ key: d.key, value: d.value, note: d.note, x: r(x(d.key) ?? 0), y: r(y(d.value)), width: r(x.bandwidth()), height: r(bottom - y(d.value)) }],
  );
  return {
    width: frame.width,
    height: frame.height,
    plot: { left: frame.margin.left, right: frame.width - frame.margin.right, top: frame.margin.top, bottom },
    xTicks,
    yTicks,
    marks,
  };
};
