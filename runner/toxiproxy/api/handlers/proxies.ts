import type { Encodable } from '../../json/index.ts';
import { decodeBody, missingField, parseBody, proxyBody } from '../bodies.ts';
import { json } from '../responses.ts';
import type { Handler } from '../types.ts';
import { proxyWire } from '../wire.ts';

/** GET /proxies: every proxy by name, names in byte order as Go sorts map keys. */
export const listProxies: Handler = async (_request, { proxies }) =>
  json(200, new Map<string, Encodable>(proxies.list().map((proxy) => [proxy.name, proxyWire(proxy)])));

/**
 * POST /proxies. Checks in the real server's order: body, name, upstream,
 * then the model (409 when the name is taken, 500 when it cannot bind).
 * `enabled` defaults to true; `listen` may be left out.
 */
export const createProxy: Handler = async ({ body }, { proxies }) => {
  const input = decodeBody(parseBody(body), proxyBody) ?? {};
  const name = input.name ?? '';
  const upstream = input.upstream ?? '';
  if (name === '') throw missingField('name');
  if (upstream === '') throw missingField('upstream');
  const proxy = await proxies.create({ name, listen: input.listen ?? '', upstream, enabled: input.enabled ?? true });
  return json(201, proxyWire(proxy));
};
