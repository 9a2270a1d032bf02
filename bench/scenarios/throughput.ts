import type { CpuClock } from '../cpu.ts';
import { download } from '../net.ts';
import { MB, MiB, round } from '../stats.ts';
import type { Targets } from '../targets.ts';

/** Each side moves ROUNDS × ROUND_BYTES (4 GiB), after a warm-up of WARMUP_BYTES. */
const ROUND_BYTES = 256 * MiB;
const ROUNDS = 16;
const WARMUP_BYTES = 32 * MiB;

export interface ThroughputResult {
  bytesEach: number;
  /** MB/s, MB = 10^6 bytes: all bytes over all time. */
  directMBps: number;
  proxiedMBps: number;
  /** proxied / direct, over all rounds. */
  ratio: number;
  /** The median of each round's proxied / direct: less swayed by one disturbed round. */
  medianRoundRatio: number;
  /** Each round's MB/s, to show the spread. */
  directRounds: number[];
  proxiedRounds: number[];
  /**
   * CPU time of the bench, proxy and upstream processes together per GB
   * moved, ms: unlike MB/s, hardly affected by other work on the machine.
   */
  directCpuMsPerGB: number;
  proxiedCpuMsPerGB: number;
}

interface Side {
  ns: number[];
  cpuUs: number;
}

/**
 * Bulk download with no toxic, from the source server directly and through
 * the proxy, in alternating rounds so drift on a shared machine hits both.
 * `cpu` reads the summed CPU clock of every process on the path.
 */
export async function measureThroughput(targets: Targets, cpu: CpuClock): Promise<ThroughputResult> {
  await download(targets.direct.source, WARMUP_BYTES);
  await download(targets.proxied.source, WARMUP_BYTES);
  const direct: Side = { ns: [], cpuUs: 0 };
  const proxied: Side = { ns: [], cpuUs: 0 };
  const measure = async (side: Side, port: number): Promise<void> => {
    const before = await cpu();
    side.ns.push(await download(port, ROUND_BYTES));
    side.cpuUs += (await cpu()) - before;
  };
  for (let i = 0; i < ROUNDS; i++) {
    await measure(direct, targets.direct.source);
    await measure(proxied, targets.proxied.source);
  }
  const bytes = ROUND_BYTES * ROUNDS;
  const rate = (ns: number, moved: number): number => moved / MB / (ns / 1e9);
  const sum = (list: number[]): number => list.reduce((a, b) => a + b, 0);
  const directMBps = rate(sum(direct.ns), bytes);
  const proxiedMBps = rate(sum(proxied.ns), bytes);
  const cpuMsPerGB = (side: Side): number => round(side.cpuUs / 1e3 / (bytes / 1e9), 1);
  return {
    bytesEach: bytes,
    directMBps: round(directMBps, 1),
    proxiedMBps: round(proxiedMBps, 1),
    ratio: round(proxiedMBps / directMBps, 3),
    medianRoundRatio: round(median(direct.ns.map((ns, i) => ns / proxied.ns[i]!)), 3),
    directRounds: direct.ns.map((ns) => round(rate(ns, ROUND_BYTES), 1)),
    proxiedRounds: proxied.ns.map((ns) => round(rate(ns, ROUND_BYTES), 1)),
    directCpuMsPerGB: cpuMsPerGB(direct),
    proxiedCpuMsPerGB: cpuMsPerGB(proxied),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
