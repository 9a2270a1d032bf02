import type { PlannedProxy } from '../experiment/index.ts';
import { serverFor, sourceOf, type FaultContext } from './context.ts';
import { ProxyCreationError } from './errors.ts';
import { proxyServerName } from './names.ts';

export interface CreatedProxy {
  /** The experiment's name for it. */
  proxy: string;
  /** Its name on the server, carrying the run id. */
  name: string;
  host: string;
  url: string;
  /** The address it listens on, as the server bound it (`127.0.0.1:0` becomes a real port). */
  listen: string;
  upstream: string;
}

/**
 * Creates the plan's proxies, one at a time, in order. Each is journaled as
 * `proxy.creating` (fsynced) BEFORE the call, so a crash during the call still
 * leaves a trace for recover, then `proxy.created` with the bound address.
 * Stops at the first failure with ProxyCreationError; the proxies created
 * before it stay, and removeEverything removes them with the rest.
 */
export const createProxies = async (
  proxies: readonly PlannedProxy[],
  context: FaultContext,
): Promise<CreatedProxy[]> => {
  const created: CreatedProxy[] = [];
  for (const proxy of proxies) {
    const { client, url } = serverFor(context, proxy.host);
    const name = proxyServerName(proxy.name, context.runId);
    const where = { host: proxy.host, url };
    context.journal.write({
      source: sourceOf(context),
      type: 'proxy.creating',
      ...where,
      name,
      listen: proxy.listen,
      upstream: proxy.upstream,
    });
    let listen: string;
    try {
      ({ listen } = await client.createProxy({ name, listen: proxy.listen, upstream: proxy.upstream }));
    } catch (error) {
      throw new ProxyCreationError(name, url, error, proxy.host);
    }
    context.journal.write({ source: sourceOf(context), type: 'proxy.created', ...where, name, listen });
    created.push({ proxy: proxy.name, name, ...where, listen, upstream: proxy.upstream });
  }
  return created;
};
