/**
 * Turning what happened to one HTTP request into a failure kind: a short,
 * stable word that reports group by (`timeout`, `refused`, `reset`,
 * `status 503`…). A request that succeeded has no kind.
 */

/** Which statuses count as success: a list of codes, or when absent the default range. */
export type ExpectedStatus = number | readonly number[] | undefined;

/** Traffic: 2xx and 3xx succeed (redirects are not followed). */
export const TRAFFIC_OK = (status: number): boolean => status >= 200 && status < 400;

/** Probes: 2xx succeeds unless the probe lists its codes. */
export const PROBE_OK = (status: number): boolean => status >= 200 && status < 300;

/** The failure kind of `status` (undefined when it is a success). */
export const statusFailure = (
  status: number,
  expected: ExpectedStatus,
  byDefault: (status: number) => boolean,
): string | undefined => {
  const ok =
    expected === undefined ? byDefault(status) : typeof expected === 'number' ? status === expected : expected.includes(status);
  return ok ? undefined : `status ${status}`;
};

const BY_CODE: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ECONNABORTED: 'reset',
  ETIMEDOUT: 'timeout',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  EADDRNOTAVAIL: 'no local port',
  EMFILE: 'too many open files',
};

/** The failure kind of a socket or HTTP error. */
export const errorFailure = (error: unknown): string => {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return 'error';
  if (code.startsWith('HPE_')) return 'bad response';
  if (code.startsWith('ERR_')) return 'bad request'; // Node refused to send it (an invalid header, say)
  return BY_CODE[code] ?? code.toLowerCase();
};
