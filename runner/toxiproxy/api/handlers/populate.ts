import type { ApiError } from '../../errors.ts';
import type { Proxy, ProxySpec } from '../../model/proxy.ts';
import { decodeBody, missingField, parseBody, populateBody } from '../bodies.ts';
import { toApiError } from '../error-response.ts';
import { json } from '../responses.ts';
import type { ApiContext, Handler } from '../types.ts';
import { proxyWire } from '../wire.ts';

export interface PopulateResult {
  /** The proxies added or kept, in request order, up to the first failure. */
  readonly proxies: Proxy[];
  /** The failure that stopped the run; nothing was changed when it is a decode or validation error. */
  readonly error?: ApiError;
}

/**
 * /populate (and the server's start-up config): every entry is checked
 * before anything changes (`missing required field: name at proxy N`,
 * 1-based), then each is added or replaced in order (a proxy that would not
 * change is kept with its toxics, connections and enabled state); the first
 * failure stops the run, leaving earlier entries applied.
 */
export async function populate(context: Pick<ApiContext, 'proxies' | 'log'>, body: Buffer): Promise<PopulateResult> {
  let specs: ProxySpec[];
  try {
    specs = checkEntries(decodeBody(parseBody(body), populateBody) ?? []);
  } catch (error) {
    return { proxies: [], error: toApiError(error, context.log) };
  }
  const proxies: Proxy[] = [];
  for (const spec of specs) {
    try {
      proxies.push(await context.proxies.addOrReplace(spec));
    } catch (error) {
      return { proxies, error: toApiError(error, context.log) };
    }
  }
  return { proxies };
}

type Entry = { name?: string; listen?: string; upstream?: string; enabled?: boolean } | undefined;

function checkEntries(entries: readonly Entry[]): ProxySpec[] {
  return entries.map((entry, i) => {
    const name = entry?.name ?? '';
    const upstream = entry?.upstream ?? '';
    if (name === '') throw missingField(`name at proxy ${i + 1}`);
    if (upstream === '') throw missingField(`upstream at proxy ${i + 1}`);
    return { name, listen: entry?.listen ?? '', upstream, enabled: entry?.enabled ?? true };
  });
}

/**
 * POST /populate: 201 `{"proxies":[...]}` (`null`, not `[]`, when there are
 * none); a failure answers `{"error":..,"status":..,"proxies":[applied so far]}`.
 * Both as application/json without a newline, unlike other errors.
 */
export const populateProxies: Handler = async ({ body }, context) => {
  const { proxies, error } = await populate(context, body);
  const applied = proxies.length > 0 ? proxies.map(proxyWire) : null;
  if (error) return json(error.status, { error: error.message, status: error.status, proxies: applied });
  return json(201, { proxies: applied });
};
