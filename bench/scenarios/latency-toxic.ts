import type { Socket } from 'node:net';
import { connectTo, pingPong } from '../net.ts';
import { errorPct, newHistogram, percentiles, round } from '../stats.ts';
import { LATENCY_MS, type Targets } from '../targets.ts';

/** CONNECTIONS echo clients at once, each ROUNDS measured round trips after one unmeasured. */
const CONNECTIONS = 25;
const ROUNDS = 12;
/** Clients start this far apart, ms, so their chunks don't all arrive in the same instant. */
const STAGGER_MS = 4;

export interface LatencyToxicResult {
  requestedMs: number;
  samples: number;
  /** The direct round trip p50 subtracted from every figure below, µs. */
  baselineUs: number;
  /** Measured round trip minus the baseline, ms. */
  addedP50Ms: number;
  addedMeanMs: number;
  addedP99Ms: number;
  addedMinMs: number;
  addedMaxMs: number;
  /** Signed error against `requestedMs`, %. */
  p50ErrorPct: number;
  meanErrorPct: number;
}

/**
 * 1-byte round trips through a proxy with a 100 ms downstream latency
 * toxic; what it adds is the round trip minus the direct one measured earlier
 * in the same run (`baselineUs`, its p50).
 */
export async function measureLatencyToxic(targets: Targets, baselineUs: number): Promise<LatencyToxicResult> {
  const histogram = newHistogram();
  const sockets: Socket[] = [];
  try {
    const client = async (index: number): Promise<void> => {
      await new Promise((resolve) => setTimeout(resolve, index * STAGGER_MS));
      const socket = await connectTo(targets.proxied.latency);
      sockets.push(socket);
      await pingPong(socket, 1);
      await pingPong(socket, ROUNDS, (ns) => histogram.record(Math.max(1, ns)));
    };
    await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => client(i)));
  } finally {
    for (const socket of sockets) socket.destroy();
  }
  const p = percentiles(histogram);
  const added = (us: number): number => round((us - baselineUs) / 1e3, 3);
  return {
    requestedMs: LATENCY_MS,
    samples: p.samples,
    baselineUs,
    addedP50Ms: added(p.p50Us),
    addedMeanMs: added(p.meanUs),
    addedP99Ms: added(p.p99Us),
    addedMinMs: added(p.minUs),
    addedMaxMs: added(p.maxUs),
    p50ErrorPct: errorPct(added(p.p50Us), LATENCY_MS),
    meanErrorPct: errorPct(added(p.meanUs), LATENCY_MS),
  };
}
