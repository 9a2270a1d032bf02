import { DEFAULT_SERVER } from '../experiment/index.ts';
import { ToxiproxyTimeoutError, ToxiproxyUnreachableError } from '../toxiproxy-client/index.ts';

/**
 * Words for where a thing sits and why a server could not be asked, shared
 * by every message about several hosts. A run with one server (host
 * `default`) is described by its URL alone, as before hosts existed; with
 * several, the host is named too, since that is what people call the
 * machine: `at http://10.0.0.5:8474 (host db)`.
 */
export const at = (host: string, url: string): string => (host === DEFAULT_SERVER ? `at ${url}` : `at ${url} (host ${host})`);

/** `Toxiproxy http://…` for the one server, `Toxiproxy host db (http://…)` for one of several. */
export const serverName = (host: string, url: string): string =>
  host === DEFAULT_SERVER ? `Toxiproxy ${url}` : `Toxiproxy host ${host} (${url})`;

/**
 * Why a server could not be asked, without the client's advice on where to
 * set a URL (that advice fits a run's start, not a cleanup): `connection
 * refused`, `no answer to GET /proxies within 2000 ms`.
 */
export const unreachableReason = (error: unknown): string => {
  if (error instanceof ToxiproxyUnreachableError) return error.reason;
  if (error instanceof ToxiproxyTimeoutError) return `no answer to ${error.request} within ${error.timeoutMs} ms`;
  return error instanceof Error ? error.message : String(error);
};
