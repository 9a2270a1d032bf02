import type { Handler } from '../types.ts';

/** The Prometheus text exposition format, as the real server's promhttp handler labels it. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** /metrics, any method; the route exists only when the server runs with proxy or runtime metrics. */
export const metrics: Handler = async (_request, context) => ({
  status: 200,
  headers: { 'Content-Type': PROMETHEUS_CONTENT_TYPE },
  body: (await context.metrics?.metrics()) ?? '',
});
