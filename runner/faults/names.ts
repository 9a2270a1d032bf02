/**
 * Names on Toxiproxy servers carry the run id, because servers are shared
 * between teams and runs: proxy `<proxy>.gd-<runId>`, toxic `<fault>.gd-<runId>`.
 * Cleanup touches only names that carry its own run's id.
 *
 * Run ids (`<YYYYMMDD>-<HHMMSS>-<slug>-<4 hex>`) have no `.`, so the last
 * `.gd-` in a name always starts the run mark, even when the proxy or fault
 * name itself contains `.gd-`.
 */
const MARK = '.gd-';

/** The proxy's name on the server: `to-payments.gd-20250101-120000-slow-payments-3f2a`. */
export const proxyServerName = (proxy: string, runId: string): string => `${proxy}${MARK}${checkRunId(runId)}`;

/** The toxic's name on the server: `payments-slow.gd-<runId>`. */
export const toxicServerName = (fault: string, runId: string): string => `${fault}${MARK}${checkRunId(runId)}`;

export interface RunName {
  /** The experiment's name for the proxy or fault. */
  base: string;
  runId: string;
}

/** Splits a server-side name into the experiment's name and the run id; undefined when it carries no run id. */
export const parseRunName = (name: string): RunName | undefined => {
  const at = name.lastIndexOf(MARK);
  if (at <= 0) return undefined;
  const runId = name.slice(at + MARK.length);
  if (runId === '' || runId.includes('.')) return undefined;
  return { base: name.slice(0, at), runId };
};

/** Whether `name` (a proxy or toxic on a server) was made by run `runId`. */
export const isFromRun = (name: string, runId: string): boolean => parseRunName(name)?.runId === runId;

const checkRunId = (runId: string): string => {
  if (runId === '' || runId.includes('.') || runId.includes('/')) {
    throw new RangeError(`run id ${JSON.stringify(runId)} cannot mark Toxiproxy names (expected no "." or "/")`);
  }
  return runId;
};
