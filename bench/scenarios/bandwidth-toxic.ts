import { download } from '../net.ts';
import { errorPct, round } from '../stats.ts';
import { BANDWIDTH_KBPS, type Targets } from '../targets.ts';

/** Bytes sent through the toxic: 10 s at 100 KB/s. */
const BYTES = 1_000_000;

export interface BandwidthToxicResult {
  /** KB/s, KB = 1000 bytes, as Toxiproxy counts. */
  requestedKBps: number;
  bytes: number;
  seconds: number;
  achievedKBps: number;
  /** Signed error of the achieved rate against the requested one, %. */
  errorPct: number;
}

/**
 * Downloads 1 MB from the source through a 100 KB/s downstream bandwidth
 * toxic, timed from the request to the last byte.
 */
export async function measureBandwidthToxic(targets: Targets): Promise<BandwidthToxicResult> {
  const ns = await download(targets.proxied.bandwidth, BYTES);
  const achieved = BYTES / 1000 / (ns / 1e9);
  return {
    requestedKBps: BANDWIDTH_KBPS,
    bytes: BYTES,
    seconds: round(ns / 1e9, 4),
    achievedKBps: round(achieved, 3),
    errorPct: errorPct(achieved, BANDWIDTH_KBPS),
  };
}
