import type { ToxiproxyApi } from './api.ts';

/** The upstream helper's two servers. */
export interface UpstreamPorts {
  echoPort: number;
  sourcePort: number;
}

/** Ports the client dials: straight to the upstream, or through a proxy. */
export interface Targets {
  direct: { echo: number; source: number };
  proxied: {
    echo: number;
    source: number;
    /** Echo through a 100 ms downstream latency toxic. */
    latency: number;
    /** Source through a 100 KB/s downstream bandwidth toxic. */
    bandwidth: number;
  };
}

/** What the toxic scenarios ask for. */
export const LATENCY_MS = 100;
export const BANDWIDTH_KBPS = 100;

/** Creates the bench's proxies through the API. */
export async function createTargets(api: ToxiproxyApi, upstream: UpstreamPorts): Promise<Targets> {
  const [echo, source, latency, bandwidth] = await Promise.all([
    api.createProxy('bench_echo', upstream.echoPort),
    api.createProxy('bench_source', upstream.sourcePort),
    api.createProxy('bench_latency', upstream.echoPort),
    api.createProxy('bench_bandwidth', upstream.sourcePort),
  ]);
  await api.addToxic('bench_latency', { type: 'latency', stream: 'downstream', attributes: { latency: LATENCY_MS, jitter: 0 } });
  await api.addToxic('bench_bandwidth', { type: 'bandwidth', stream: 'downstream', attributes: { rate: BANDWIDTH_KBPS } });
  return {
    direct: { echo: upstream.echoPort, source: upstream.sourcePort },
    proxied: { echo, source, latency, bandwidth },
  };
}

export function parseUpstreamPorts(info: unknown): UpstreamPorts {
  const ports = info as Partial<UpstreamPorts> | undefined;
  if (!Number.isInteger(ports?.echoPort) || !Number.isInteger(ports?.sourcePort)) {
    throw new Error(`upstream helper announced ${JSON.stringify(info)}, expected echoPort and sourcePort`);
  }
  return { echoPort: ports!.echoPort!, sourcePort: ports!.sourcePort! };
}
