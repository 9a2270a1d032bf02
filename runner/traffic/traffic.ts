import type { Traffic } from '../experiment/index.ts';
import type { Sample } from '../samples/index.ts';
import { statusFailure, TRAFFIC_OK } from './outcome.ts';
import { newAgent, sendRequest, type Agent, type RequestSpec } from './request.ts';
import { startSchedule, type Drift, type MonotonicClock } from './schedule.ts';
import { weightedPicker } from './weights.ts';

export interface TrafficOptions {
  readonly clock: MonotonicClock;
  /** The clock reading at run time 0 (default: now, when traffic starts). */
  readonly t0?: number;
  /** Picks endpoints by weight; a value in [0, 1). */
  readonly random: () => number;
  /** Aborting stops sending; requests in flight still finish and are recorded. */
  readonly signal?: AbortSignal;
  /** Receives one sample per request, when it is answered, fails or times out. */
  readonly record: (sample: Sample) => void;
  /** Reuse connections (default false: a new connection per request, see newAgent). */
  readonly keepAlive?: boolean;
}

export interface TrafficTotals {
  /** Requests sent (or due, when already too late to send). */
  readonly sent: number;
  /** Requests answered, failed or timed out (all of them once stop() resolves). */
  readonly completed: number;
  readonly failures: number;
  /** Failures by kind. */
  readonly errors: Readonly<Record<string, number>>;
  /** Requests and failures per endpoint name. */
  readonly endpoints: Readonly<Record<string, { readonly sent: number; readonly failures: number }>>;
  /** How late requests went out against their schedule, ms; null when none was sent. */
  readonly drift: Drift | null;
}

export interface TrafficHandle {
  /** Stops sending, waits for the requests in flight (each ends by its timeout), returns the totals. */
  stop(): Promise<TrafficTotals>;
  /** The totals so far. */
  totals(): TrafficTotals;
}

interface Target {
  readonly name: string;
  readonly weight: number;
  readonly spec: RequestSpec;
  readonly agent: Agent;
  /** ms */
  readonly timeout: number;
  sent: number;
  failures: number;
}

/**
 * Open-loop load: `traffic.rate` requests a second, spread over the
 * endpoints by weight, each sent at its scheduled time whatever earlier ones
 * are still waiting for. Latency counts from the intended send time; a
 * request not answered within its endpoint's timeout (from that same time)
 * fails with `timeout`. Traffic with a duration stops by itself at that run
 * time; `run` traffic goes on until stop() or the signal.
 */
export const startTraffic = (traffic: Traffic, options: TrafficOptions): TrafficHandle => {
  const { clock, record, signal } = options;
  const t0 = options.t0 ?? clock.now();
  const targets: Target[] = traffic.endpoints.map((endpoint) => {
    const url = new URL(endpoint.url);
    return {
      name: endpoint.name ?? `${endpoint.method} ${url.pathname}`,
      weight: endpoint.weight,
      spec: { url, method: endpoint.method, headers: endpoint.headers, body: endpoint.body },
      agent: newAgent(url, options.keepAlive),
      timeout: endpoint.timeout,
      sent: 0,
      failures: 0,
    };
  });
  const pick = weightedPicker(targets, options.random);
  const errors = new Map<string, number>();
  let completed = 0;
  let failures = 0;
  let inFlight = 0;
  let drained: (() => void) | undefined;

  const settle = (target: Target, intended: number, status: number | undefined, error: string | undefined): void => {
    const latency = clock.now() - t0 - intended;
    completed += 1;
    if (error !== undefined) {
      failures += 1;
      target.failures += 1;
      errors.set(error, (errors.get(error) ?? 0) + 1);
    }
    record({
      t: intended,
      source: 'traffic',
      name: target.name,
      ok: error === undefined,
      ...(status === undefined ? {} : { status }),
      ...(error === undefined ? {} : { error }),
      latency,
    });
  };

  const fire = (intended: number): void => {
    const target = pick();
    target.sent += 1;
    const left = intended + target.timeout - (clock.now() - t0);
    if (left <= 0) return settle(target, intended, undefined, 'timeout'); // due so late its time is already up
    inFlight += 1;
    void sendRequest(target.spec, target.agent, left).then(({ status, error }) => {
      settle(target, intended, status, error ?? (status === undefined ? undefined : statusFailure(status, undefined, TRAFFIC_OK)));
      inFlight -= 1;
      if (inFlight === 0) drained?.();
    });
  };

  const startAt = clock.now() - t0;
  const schedule = startSchedule({
    clock,
    t0,
    startAt,
    periodMs: 1000 / traffic.rate,
    ...(traffic.duration === 'run' ? {} : { endAt: traffic.duration }),
    fire,
  });
  const onAbort = (): void => schedule.stop();
  if (signal?.aborted) schedule.stop();
  else signal?.addEventListener('abort', onAbort, { once: true });

  const totals = (): TrafficTotals => ({
    sent: schedule.fired(),
    completed,
    failures,
    errors: Object.fromEntries(errors),
    endpoints: byName(targets),
    drift: schedule.drift(),
  });

  let stopping: Promise<TrafficTotals> | undefined;
  const stop = (): Promise<TrafficTotals> =>
    (stopping ??= (async () => {
      schedule.stop();
      signal?.removeEventListener('abort', onAbort);
      if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
      for (const target of targets) target.agent.destroy();
      return totals();
    })());

  return { stop, totals };
};

/** Sent and failed per endpoint name; endpoints that share a name add up. */
const byName = (targets: readonly Target[]): Record<string, { sent: number; failures: number }> => {
  const result: Record<string, { sent: number; failures: number }> = {};
  for (const { name, sent, failures } of targets) {
    const entry = (result[name] ??= { sent: 0, failures: 0 });
    entry.sent += sent;
    entry.failures += failures;
  }
  return result;
};
