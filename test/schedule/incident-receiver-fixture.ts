import type { ScheduleClock } from '../../runner/schedule/index.ts';

/**
 * For the standing receiver's tests: a virtual clock that runs freely up
 * to a limit the test moves on (so the scheduler waits at a start until the
 * test has posted its alerts), and the bodies senders post.
 */

export interface SteppedClock extends ScheduleClock {
  /** Lets the time run up to `ms` (epoch ms), and no further. */
  allowUntil(ms: number): void;
}

export const steppedClock = (startMs: number): SteppedClock => {
  let now = startMs;
  let until = startMs;
  const waiting = new Set<() => void>();
  return {
    now: () => now,
    async sleep(ms, signal) {
      while (now + ms > until && signal?.aborted !== true) {
        await new Promise<void>((resolve) => {
          const wake = (): void => {
            waiting.delete(wake);
            signal?.removeEventListener('abort', wake);
            resolve();
          };
          waiting.add(wake);
          signal?.addEventListener('abort', wake, { once: true });
        });
      }
      if (signal?.aborted === true) return;
      // A real turn of the event loop, so the test's sockets get theirs.
      await new Promise((resolve) => setImmediate(resolve));
      now += ms;
    },
    allowUntil(ms) {
      until = ms;
      for (const wake of [...waiting]) wake();
    },
  };
};

export const STARTS_AT = '2026-06-01T09:58:00.000Z';

/** One alerts[] entry of an Alertmanager webhook (version 4). */
export const amAlert = (name: string, severity: string, status: 'firing' | 'resolved' = 'firing') => ({
  status,
  labels: { alertname: name, severity, service: 'checkout' },
  annotations: { summary: `${name} summary` },
  startsAt: STARTS_AT,
  endsAt: status === 'firing' ? '0001-01-01T00:00:00Z' : '2026-06-01T10:00:30.000Z',
  generatorURL: 'http://prometheus:9090/graph',
  fingerprint: `fp-${name.toLowerCase()}`,
});

export const amWebhook = (alerts: ReturnType<typeof amAlert>[]) => ({
  version: '4',
  groupKey: '{}:{alertname="x"}',
  status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
  receiver: 'gameday-schedule',
  groupLabels: {},
  commonLabels: {},
  commonAnnotations: {},
  externalURL: 'http://alertmanager:9093',
  truncatedAlerts: 0,
  alerts,
});

export const postJson = async (url: string, body: unknown, secret: string | undefined): Promise<{ status: number; body: unknown }> => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret === undefined ? {} : { authorization: `Bearer ${secret}` }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as unknown };
};

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
