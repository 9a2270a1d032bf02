import { max, min } from 'd3-array';
import { scaleLinear } from 'd3-scale';
import type { TimelineEntry, TimelineKind } from '../../../runner/site/timeline.ts';
import { r, type Tick } from './frame.ts';

/**
 * A postmortem's timeline as a Gantt-like chart: one row an entry, in the order given (start order). The run,
 * faults and alerts are spans (start → end; a span that never ended runs to the chart's end and is marked
 * open); responses and recoveries are moments. Time runs along x as seconds from the first fault (T+0), else
 * from the earliest entry.
 */
export interface TimelineSpan {
  kind: TimelineKind;
  label: string;
  detail: string | null;
  service: string | null;
  row: number;
  x: number;
  width: number;
  y: number;
  /** True when the entry has no end (still going when the run stopped). */
  open: boolean;
  start: string;
  end: string | null;
}

export interface TimelineMoment {
  kind: TimelineKind;
  label: string;
  detail: string | null;
  service: string | null;
  row: number;
  cx: number;
  cy: number;
  start: string;
}

export interface TimelineChart {
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  rowHeight: number;
  /** Row labels, one an entry, at the left. */
  rows: { y: number; label: string; kind: TimelineKind }[];
  xTicks: Tick[];
  spans: TimelineSpan[];
  moments: TimelineMoment[];
  /** The ISO instant T+0 stands for. */
  zero: string;
}

export const SPAN_KINDS: ReadonlySet<TimelineKind> = new Set(['run', 'fault', 'alert']);

const ROW = 22;
const LABEL_WIDTH = 220;
const WIDTH = 720;

/** null when there is nothing to draw. */
export const timelineChart = (entries: readonly TimelineEntry[]): TimelineChart | null => {
  const timed = entries.map((entry) => ({ entry, start: Date.parse(entry.start), end: entry.end === null ? null : Date.parse(entry.end) }));
  if (timed.length === 0) return null;
  const first = min(timed, (t) => t.start)!;
  const last = Math.max(max(timed, (t) => Math.max(t.start, t.end ?? t.start))!, first + 1000);
  const zero = timed.find((t) => t.entry.kind === 'fault')?.start ?? first;
  const top = 8;
  const bottom = top + timed.length * ROW;
  const plot = { left: LABEL_WIDTH, right: WIDTH - 16, top, bottom };
  const x = scaleLinear().domain([first, last]).range([plot.left, plot.right]);
  const spans: TimelineSpan[] = [];
  const moments: TimelineMoment[] = [];
  timed.forEach(({ entry, start, end }, row) => {
    const y = top + row * ROW;
    const common = { kind: entry.kind, label: entry.label, detail: entry.detail ?? null, service: entry.service ?? null, row };
    if (SPAN_KINDS.has(entry.kind)) {
      const x1 = x(start);
      const x2 = x(end ?? last);
      spans.push({ ...common, x: r(x1), width: r(Math.max(2, x2 - x1)), y: r(y + 4), open: end === null, start: entry.start, end: entry.end });
    } else {
      moments.push({ ...common, cx: r(x(start)), cy: r(y + ROW / 2), start: entry.start });
    }
  });
  const seconds = scaleLinear().domain([(first - zero) / 1000, (last - zero) / 1000]).range([plot.left, plot.right]);
  return {
    width: WIDTH,
    height: bottom + 28,
    plot,
    rowHeight: ROW,
    rows: timed.map(({ entry }, row) => ({ y: r(top + row * ROW + ROW / 2), label: entry.label, kind: entry.kind })),
    xTicks: seconds.ticks(6).map((s, index) => ({ at: r(seconds(s)), label: `T${s < 0 ? '' : '+'}${formatSeconds(s)}`, minor: index % 2 === 1 })),
    spans,
    moments,
    zero: new Date(zero).toISOString(),
  };
};

const formatSeconds = (s: number): string => (Math.abs(s) >= 120 ? `${Math.round(s / 60)}m` : `${Math.round(s * 10) / 10}s`);
