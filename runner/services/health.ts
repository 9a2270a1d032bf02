import http from 'node:http';
import https from 'node:https';
import type { Service } from '../experiment/index.ts';

/** A service's `health` as the experiment gives it (timeout already in milliseconds). */
export type HealthCheck = NonNullable<Service['health']>;

/** One check's answer. `status` is present whenever the service answered at all. */
export type HealthResult =
  | { healthy: true; status: number }
  | { healthy: false; status?: number; error: string };

export interface HealthOptions {
  /** Stops the check at once (it then answers unhealthy, "aborted"). */
  signal?: AbortSignal;
  /** Caps this one check below `health.timeout`, in milliseconds (e.g. the time left before a deadline). */
  timeoutMs?: number;
}

/**
 * Sends one GET to `health.url` and says whether the status is an expected
 * one (`health.status`: a code or a list; absent, any 2xx). Never throws:
 * refused, timed out, a bad status all come back as `{healthy: false, error}`.
 * The connection is not kept alive, so checks hold no socket that could
 * delay the service's own shutdown.
 */
export const checkHealth = async (health: HealthCheck, options: HealthOptions = {}): Promise<HealthResult> => {
  const timeoutMs = Math.max(1, Math.min(health.timeout, options.timeoutMs ?? Number.POSITIVE_INFINITY));
  const status = await getStatus(health.url, timeoutMs, options.signal);
  if (typeof status === 'string') return { healthy: false, error: status };
  if (statusMatches(health.status, status)) return { healthy: true, status };
  return { healthy: false, status, error: `GET ${health.url} answered ${status} (expected ${describeExpected(health.status)})` };
};

/** True when one health check passes now; for callers that need no reason. */
export const isHealthy = async (health: HealthCheck, options: HealthOptions = {}): Promise<boolean> =>
  (await checkHealth(health, options)).healthy;

export const statusMatches = (expected: HealthCheck['status'], status: number): boolean => {
  if (expected === undefined) return status >= 200 && status <= 299;
  return Array.isArray(expected) ? expected.includes(status) : expected === status;
};

export const describeExpected = (expected: HealthCheck['status']): string => {
  if (expected === undefined) return 'any 2xx';
  return Array.isArray(expected) ? expected.join(' or ') : String(expected);
};

/** The status code, or a string saying why there is none. The body is read and dropped. */
const getStatus = (url: string, timeoutMs: number, signal: AbortSignal | undefined): Promise<number | string> =>
  new Promise((resolve) => {
    if (signal?.aborted) {
      resolve(`GET ${url}: aborted`);
      return;
    }
    let request: http.ClientRequest | undefined;
    let timer: NodeJS.Timeout | undefined;
    const finish = (value: number | string): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      request?.destroy();
      resolve(value); // only the first call counts
    };
    const onAbort = (): void => finish(`GET ${url}: aborted`);
    try {
      const client = url.startsWith('https:') ? https : http;
      request = client.get(url, { agent: false, headers: { 'user-agent': 'gameday-health-check' } }, (response) => {
        const code = response.statusCode ?? 0;
        response.resume();
        response.once('end', () => finish(code));
        response.on('error', () => finish(code));
      });
    } catch (error) {
      finish(`GET ${url}: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    request.on('error', (error) => finish(`GET ${url}: ${error.message}`));
    timer = setTimeout(() => finish(`GET ${url}: no answer within ${timeoutMs} ms`), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
