/**
 * One Prometheus registry per running service (several services share a
 * process in tests and in-process game days, so nothing uses prom-client's
 * global registry). Every series carries `service="<name>"`.
 *
 * Series (times in seconds):
 * - http_requests_total{route,method,status}: requests answered, by route
 *   pattern (`/stock/:sku`, or `unmatched`);
 * - http_request_duration_seconds{route,method,status}: histogram of the same;
 * - http_requests_in_flight: requests being handled now (hung ones pile up here);
 * - upstream_requests_total{dependency}: calls to a dependency, every retry counted;
 * - upstream_errors_total{dependency,reason}: failed calls, reason as in UpstreamFailure;
 * - upstream_request_duration_seconds{dependency}: histogram of all calls;
 * - upstream_requests_in_flight{dependency}: calls waiting for an answer now.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { UpstreamFailure } from './errors.ts';

/** Upper bounds in seconds: from a few ms (payments) to calls that hang for half a minute. */
export const LATENCY_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface RequestObservation {
  route: string;
  method: string;
  status: number;
  seconds: number;
}

export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'route' | 'method' | 'status'>;
  private readonly requestSeconds: Histogram<'route' | 'method' | 'status'>;
  private readonly inFlight: Gauge;
  private readonly upstreamRequests: Counter<'dependency'>;
  private readonly upstreamErrors: Counter<'dependency' | 'reason'>;
  private readonly upstreamSeconds: Histogram<'dependency'>;
  private readonly upstreamInFlight: Gauge<'dependency'>;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by route pattern, method and status.',
      labelNames: ['route', 'method', 'status'],
      registers,
    });
    this.requestSeconds = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from request received to response written, in seconds.',
      labelNames: ['route', 'method', 'status'],
      buckets: LATENCY_BUCKETS_SECONDS,
      registers,
    });
    this.inFlight = new Gauge({
      name: 'http_requests_in_flight',
      help: 'HTTP requests being handled now.',
      registers,
    });
    this.upstreamRequests = new Counter({
      name: 'upstream_requests_total',
      help: 'Calls made to a dependency, each retry counted.',
      labelNames: ['dependency'],
      registers,
    });
    this.upstreamErrors = new Counter({
      name: 'upstream_errors_total',
      help: 'Calls to a dependency that failed, by reason (timeout, network, status, invalid_response, shutdown).',
      labelNames: ['dependency', 'reason'],
      registers,
    });
    this.upstreamSeconds = new Histogram({
      name: 'upstream_request_duration_seconds',
      help: 'Time a call to a dependency took until answered or failed, in seconds.',
      labelNames: ['dependency'],
      buckets: LATENCY_BUCKETS_SECONDS,
      registers,
    });
    this.upstreamInFlight = new Gauge({
      name: 'upstream_requests_in_flight',
      help: 'Calls to a dependency waiting for an answer now.',
      labelNames: ['dependency'],
      registers,
    });
  }

  requestStarted(): void {
    this.inFlight.inc();
  }

  requestFinished({ route, method, status, seconds }: RequestObservation): void {
    const labels = { route, method, status: String(status) };
    this.inFlight.dec();
    this.requests.inc(labels);
    this.requestSeconds.observe(labels, seconds);
  }

  /** Counts a call to `dependency`; the returned function ends it, with the failure reason if it failed. */
  upstreamStarted(dependency: string): (failure?: UpstreamFailure) => void {
    this.upstreamRequests.inc({ dependency });
    this.upstreamInFlight.inc({ dependency });
    const stopTimer = this.upstreamSeconds.startTimer({ dependency });
    return (failure) => {
      stopTimer();
      this.upstreamInFlight.dec({ dependency });
      if (failure !== undefined) this.upstreamErrors.inc({ dependency, reason: failure });
    };
  }
}
