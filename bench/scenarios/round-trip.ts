import type { Socket } from 'node:net';
import type { RecordableHistogram } from 'node:perf_hooks';
import { onOneCpu } from '../affinity.ts';
import { connectTo, pingPong } from '../net.ts';
import { newHistogram, percentiles, round, type Percentiles } from '../stats.ts';
import type { Targets } from '../targets.ts';

/** Round trips per side: a warm-up, then alternating rounds of ROUND_SIZE. */
const WARMUP = 3_000;
const ROUND_SIZE = 2_000;
const FREE_ROUNDS = 10;
const PINNED_ROUNDS = 5;

/** One layout's round trips, directly and through the proxy. */
export interface RoundTrips {
  direct: Percentiles;
  proxied: Percentiles;
  /** proxied − direct, µs: what the proxy adds. */
  addedP50Us: number;
  addedP99Us: number;
  /** Each round's p50, µs, to show the spread. */
  directRoundsP50Us: number[];
  proxiedRoundsP50Us: number[];
}

export interface RoundTripResult {
  /** Processes wherever the scheduler puts them, as deployed. */
  free: RoundTrips;
  /** Bench, proxy and upstream pinned to CPU 0: no cross-CPU wake-ups; absent without taskset. */
  oneCpu?: RoundTrips;
}

/**
 * 1-byte ping-pong with the echo server on one connection per side, one
 * byte in flight at a time, directly and through the proxy; first free,
 * then with `pids` (every process on the path) pinned to one CPU.
 */
export async function measureRoundTrip(targets: Targets, pids: readonly number[]): Promise<RoundTripResult> {
  const direct = await connectTo(targets.direct.echo);
  const proxied = await connectTo(targets.proxied.echo).catch((error: unknown) => {
    direct.destroy();
    throw error;
  });
  try {
    await pingPong(direct, WARMUP);
    await pingPong(proxied, WARMUP);
    const free = await measureRounds(direct, proxied, FREE_ROUNDS);
    const oneCpu = await onOneCpu(pids, 0, () => measureRounds(direct, proxied, PINNED_ROUNDS));
    return oneCpu ? { free, oneCpu } : { free };
  } finally {
    direct.destroy();
    proxied.destroy();
  }
}

async function measureRounds(direct: Socket, proxied: Socket, rounds: number): Promise<RoundTrips> {
  const directHistogram = newHistogram();
  const proxiedHistogram = newHistogram();
  const directRoundsP50Us: number[] = [];
  const proxiedRoundsP50Us: number[] = [];
  for (let i = 0; i < rounds; i++) {
    directRoundsP50Us.push(await measureRound(direct, directHistogram));
    proxiedRoundsP50Us.push(await measureRound(proxied, proxiedHistogram));
  }
  const d = percentiles(directHistogram);
  const p = percentiles(proxiedHistogram);
  return {
    direct: d,
    proxied: p,
    addedP50Us: round(p.p50Us - d.p50Us, 2),
    addedP99Us: round(p.p99Us - d.p99Us, 2),
    directRoundsP50Us,
    proxiedRoundsP50Us,
  };
}

/** One round of ROUND_SIZE round trips into `total`; returns the round's own p50, µs. */
async function measureRound(socket: Socket, total: RecordableHistogram): Promise<number> {
  const own = newHistogram();
  await pingPong(socket, ROUND_SIZE, (ns) => {
    own.record(Math.max(1, ns));
    total.record(Math.max(1, ns));
  });
  return round(own.percentile(50) / 1e3, 1);
}
