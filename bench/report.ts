import type { BandwidthToxicResult } from './scenarios/bandwidth-toxic.ts';
import type { LatencyToxicResult } from './scenarios/latency-toxic.ts';
import { GOAL_CONNECTIONS, type MemoryResult } from './scenarios/memory.ts';
import { GOAL_POSTMORTEMS_PER_SECOND, type PostmortemsResult } from './scenarios/postmortems.ts';
import type { RoundTripResult, RoundTrips } from './scenarios/round-trip.ts';
import type { ThroughputResult } from './scenarios/throughput.ts';

export interface Machine {
  nproc: number;
  cpu: string;
  node: string;
  platform: string;
  date: string;
  /** 1-minute load average at the start and end of the run. */
  loadAverage: { before: number; after: number };
}

export interface Results {
  machine: Machine;
  throughput: ThroughputResult;
  roundTrip: RoundTripResult;
  latencyToxic: LatencyToxicResult;
  bandwidthToxic: BandwidthToxicResult;
  memory: MemoryResult;
  postmortems: PostmortemsResult;
}

export interface Goal {
  name: string;
  goal: string;
  met: boolean;
}

/** The goals of issues 2 and 5, checked against one run. */
export function checkGoals(r: Results): Goal[] {
  return [
    { name: 'throughput', goal: 'proxied >= 0.5x direct', met: r.throughput.ratio >= 0.5 },
    {
      name: 'round trip',
      // Judged pinned to one CPU when possible: free-running, cross-CPU wake-ups of the VM dominate (see BENCHMARKS.md).
      goal: `added p50 < 40 µs (${r.roundTrip.oneCpu ? 'one CPU' : 'free'} layout)`,
      met: (r.roundTrip.oneCpu ?? r.roundTrip.free).addedP50Us < 40,
    },
    {
      name: 'latency toxic',
      goal: 'p50 and mean within 2% of 100 ms',
      met: Math.abs(r.latencyToxic.p50ErrorPct) <= 2 && Math.abs(r.latencyToxic.meanErrorPct) <= 2,
    },
    { name: 'bandwidth toxic', goal: 'within 2% of 100 KB/s', met: Math.abs(r.bandwidthToxic.errorPct) <= 2 },
    {
      name: 'memory',
      goal: `${GOAL_CONNECTIONS} connections < 400 MB RSS`,
      met: r.memory.projectedRssMB < 400 && r.memory.loaded.rssMB < 400,
    },
    { name: 'postmortems', goal: `>= ${GOAL_POSTMORTEMS_PER_SECOND} postmortems/s`, met: r.postmortems.perSecond >= GOAL_POSTMORTEMS_PER_SECOND },
  ];
}

function roundTripRows(trips: RoundTrips, layout: string, met: string): string[][] {
  const { direct: d, proxied: p } = trips;
  return [
    [`Round trip p50, µs, ${layout} (${p.samples} samples)`, `${d.p50Us}`, `${p.p50Us}`, signed(trips.addedP50Us, ' µs'), met ? 'added < 40 µs' : '', met],
    [`Round trip p99, µs, ${layout}`, `${d.p99Us}`, `${p.p99Us}`, signed(trips.addedP99Us, ' µs'), '', ''],
  ];
}

const round2 = (value: number): number => Math.round(value * 100) / 100;
const signed = (value: number, unit: string): string => `${value >= 0 ? '+' : '−'}${Math.abs(value)}${unit}`;
const yes = (met: boolean): string => (met ? 'yes' : 'NO');

/** The run as a plain-text table: direct vs proxied, the difference, the goal, met or not. */
export function renderTable(r: Results, goals: Goal[]): string {
  const met = (name: string): string => yes(goals.find((g) => g.name === name)?.met ?? false);
  const { throughput: t, roundTrip: rt, latencyToxic: l, bandwidthToxic: b, memory: m, postmortems: pm } = r;
  const rows: string[][] = [
    ['Measure', 'Direct', 'Through proxy', 'Proxy vs direct', 'Goal', 'Met'],
    [`Throughput, no toxic, MB/s (${t.bytesEach / 2 ** 30} GiB each)`, `${t.directMBps}`, `${t.proxiedMBps}`, `${t.ratio}x (median round ${t.medianRoundRatio}x)`, '>= 0.5x', met('throughput')],
    ['CPU time per GB moved, all processes, ms', `${t.directCpuMsPerGB}`, `${t.proxiedCpuMsPerGB}`, `${round2(t.proxiedCpuMsPerGB / t.directCpuMsPerGB)}x the CPU`, '', ''],
    ...roundTripRows(rt.free, 'free', rt.oneCpu ? '' : met('round trip')),
    ...(rt.oneCpu ? roundTripRows(rt.oneCpu, 'one CPU', met('round trip')) : []),
    [`Latency 100 ms: added p50, ms (${l.samples} samples)`, '', `${l.addedP50Ms}`, `error ${signed(l.p50ErrorPct, '%')}`, 'within 2%', met('latency toxic')],
    ['Latency 100 ms: added mean, ms', '', `${l.addedMeanMs}`, `error ${signed(l.meanErrorPct, '%')}`, 'within 2%', ''],
    ['Latency 100 ms: added p99 / max, ms', '', `${l.addedP99Ms} / ${l.addedMaxMs}`, '', '', ''],
    [`Bandwidth 100 KB/s: achieved KB/s (1 MB, ${b.seconds} s)`, '', `${b.achievedKBps}`, `error ${signed(b.errorPct, '%')}`, 'within 2%', met('bandwidth toxic')],
    ['Proxy memory idle: RSS / heap used, MB', '', `${m.idle.rssMB} / ${m.idle.heapUsedMB}`, '', '', ''],
    [`Proxy memory, ${m.connections} connections (measured): RSS / heap, MB`, '', `${m.loaded.rssMB} / ${m.loaded.heapUsedMB}`, '', '', ''],
    ['Per connection: RSS / heap, KB', '', `${m.perConnectionRssKB} / ${m.perConnectionHeapKB}`, '', '', ''],
    [`Projected to ${GOAL_CONNECTIONS} connections: RSS / heap, MB`, '', `${m.projectedRssMB} / ${m.projectedHeapUsedMB}`, 'linear projection', '< 400 MB', met('memory')],
    [`Postmortems from ${pm.runs} journals (read ${pm.readMs} ms, remark pass skipped, would cost ${pm.formatMs} ms each)`, '', '', `${pm.perSecond}/s`, `>= ${GOAL_POSTMORTEMS_PER_SECOND}/s`, met('postmortems')],
  ];
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  const line = (row: string[]): string => row.map((cell, col) => cell.padEnd(widths[col]!)).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const metCount = goals.filter((g) => g.met).length;
  return [
    line(rows[0]!),
    rule,
    ...rows.slice(1).map(line),
    '',
    `Goals met: ${metCount} of ${goals.length}.  ${r.machine.nproc} CPUs, node ${r.machine.node}, fd limit ${m.fdLimit}, ` +
      `load average ${r.machine.loadAverage.before} at start, ${r.machine.loadAverage.after} at end.`,
    `Throughput rounds, MB/s: direct ${t.directRounds.join(', ')}; proxied ${t.proxiedRounds.join(', ')}.`,
    `Round trip p50 per round, free layout, µs: direct ${rt.free.directRoundsP50Us.join(', ')}; proxied ${rt.free.proxiedRoundsP50Us.join(', ')}.`,
  ].join('\n');
}
