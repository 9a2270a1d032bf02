import { decodeBody, parseBody, proxyBody } from '../bodies.ts';
import { findProxy } from '../error-response.ts';
import { json, noContent } from '../responses.ts';
import type { Handler } from '../types.ts';
import { proxyWire } from '../wire.ts';

/** GET /proxies/{proxy}. */
export const showProxy: Handler = async ({ params }, context) => json(200, proxyWire(findProxy(context, params.proxy)));

/**
 * POST or PATCH /proxies/{proxy} (identical): a partial update, fields left
 * out or null keep their value, `name` is ignored. The proxy is looked up
 * before the body is read, as in the real server.
 */
export const updateProxy: Handler = async ({ method, params, body }, context) => {
  const proxy = findProxy(context, params.proxy);
  if (method === 'POST') context.log('debug', 'ProxyUpdate: HTTP method POST is deprecated. Use HTTP PATCH instead.');
  const input = decodeBody(parseBody(body), proxyBody) ?? {};
  await proxy.update({ listen: input.listen, upstream: input.upstream, enabled: input.enabled });
  return json(200, proxyWire(proxy));
};

/** DELETE /proxies/{proxy}: stops it (closing its connections) and removes it. */
export const deleteProxy: Handler = async ({ params }, context) => {
  await context.proxies.remove(findProxy(context, params.proxy).name);
  return noContent();
};
