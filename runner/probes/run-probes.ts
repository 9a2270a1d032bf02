import type { Probe } from '../experiment/index.ts';
import type { Sample } from '../samples/index.ts';
import { newAgent, type Agent, PROBE_OK, sendRequest, startSchedule, statusFailure, type MonotonicClock, type Schedule } from '../traffic/index.ts';

export interface ProbeOptions {
  readonly clock: MonotonicClock;
  /** The clock reading at run time 0 (default: now, when the probes start). */
  readonly t0?: number;
  /** Aborting stops the probes; checks in flight still finish and are recorded. */
  readonly signal?: AbortSignal;
  /** Receives one sample per check, source `probe`, named after the probe. */
  readonly record: (sample: Sample) => void;
}

export interface ProbesHandle {
  /** Stops probing and waits for the checks in flight (each ends by its timeout). */
  stop(): Promise<void>;
}

/**
 * Runs every probe on its own fixed schedule: a first check at once, then
 * one every `interval`, whether or not the previous one has answered, so a
 * hung service still yields one failed result per interval. A check
 * succeeds when the whole answer arrives within `timeout` (counted from its
 * scheduled time, like its latency) with an expected status (`expect.status`,
 * else any 2xx). Latency tolerances are judged over a window, by
 * checkSteadyState, not per check.
 */
export const startProbes = (probes: readonly Probe[], options: ProbeOptions): ProbesHandle => {
  const { clock, record, signal } = options;
  const t0 = options.t0 ?? clock.now();
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const agents: Agent[] = [];

  const schedules: Schedule[] = probes.map((probe) => {
    const url = new URL(probe.url);
    const spec = { url, method: probe.method, headers: probe.headers, body: probe.body };
    const agent = newAgent(url);
    const settle = (intended: number, status: number | undefined, error: string | undefined): void => {
      record({
        t: intended,
        source: 'probe',
        name: probe.name,
        ok: error === undefined,
        ...(status === undefined ? {} : { status }),
        ...(error === undefined ? {} : { error }),
        latency: clock.now() - t0 - intended,
      });
    };
    const schedule = startSchedule({
      clock,
      t0,
      startAt: clock.now() - t0,
      periodMs: probe.interval,
      fire: (intended) => {
        const left = intended + probe.timeout - (clock.now() - t0);
        if (left <= 0) return settle(intended, undefined, 'timeout');
        inFlight += 1;
        void sendRequest(spec, agent, left).then(({ status, error }) => {
          settle(intended, status, error ?? (status === undefined ? undefined : statusFailure(status, probe.expect.status, PROBE_OK)));
          inFlight -= 1;
          if (inFlight === 0) drained?.();
        });
      },
    });
    agents.push(agent);
    return schedule;
  });

  const stopAll = (): void => {
    for (const schedule of schedules) schedule.stop();
  };
  if (signal?.aborted) stopAll();
  else signal?.addEventListener('abort', stopAll, { once: true });

  let stopping: Promise<void> | undefined;
  return {
    stop: () =>
      (stopping ??= (async () => {
        stopAll();
        signal?.removeEventListener('abort', stopAll);
        if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
        for (const agent of agents) agent.destroy();
      })()),
  };
};
