import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import type { Link } from '../link/link.ts';

export interface MetricsOptions {
  /** Count bytes per proxy and direction (the real server's -proxy-metrics). */
  proxyMetrics: boolean;
  /** Node's process and runtime metrics (the real server's -runtime-metrics gives Go's). */
  runtimeMetrics: boolean;
}

/**
 * The /metrics registry. As in Toxiproxy, byte counters grow when a link
 * ends (connection close), not while data flows.
 */
export class ProxyMetrics {
  readonly registry = new Registry();
  readonly enabled: boolean;
  private readonly received?: Counter;
  private readonly sent?: Counter;

  constructor(options: MetricsOptions) {
    this.enabled = options.proxyMetrics || options.runtimeMetrics;
    if (options.runtimeMetrics) collectDefaultMetrics({ register: this.registry });
    if (!options.proxyMetrics) return;
    const labelNames = ['direction', 'proxy', 'listener', 'upstream'] as const;
    this.received = new Counter({
      name: 'toxiproxy_proxy_received_bytes_total',
      help: 'The total bytes received from the source',
      labelNames,
      registers: [this.registry],
    });
    this.sent = new Counter({
      name: 'toxiproxy_proxy_sent_bytes_total',
      help: 'The total bytes sent to the destination',
      labelNames,
      registers: [this.registry],
    });
  }

  linkEnded(proxy: { name: string; listen: string; upstream: string }, link: Link): void {
    const labels = { direction: link.direction, proxy: proxy.name, listener: proxy.listen, upstream: proxy.upstream };
    this.received?.inc(labels, link.received);
    this.sent?.inc(labels, link.sent);
  }
}
