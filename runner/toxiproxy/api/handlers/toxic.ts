import { ApiError, notFound } from '../../errors.ts';
import type { Proxy } from '../../model/proxy.ts';
import type { ToxicJson } from '../../model/toxic-collection.ts';
import { decodeBody, parseBody, toxicUpdateBody } from '../bodies.ts';
import { findProxy } from '../error-response.ts';
import { json, noContent } from '../responses.ts';
import type { ApiContext, Handler, RouteRequest } from '../types.ts';
import { toxicWire } from '../wire.ts';

/** The proxy and toxic named in the path; 404 `proxy not found` or `toxic not found` (exact, case-sensitive names). */
function findToxic({ params }: RouteRequest, context: ApiContext): { proxy: Proxy; toxic: ToxicJson } {
  const proxy = findProxy(context, params.proxy);
  const toxic = params.toxic === undefined ? undefined : proxy.toxics.get(params.toxic);
  if (!toxic) throw notFound('toxic');
  return { proxy, toxic };
}

/** GET /proxies/{proxy}/toxics/{toxic}. */
export const showToxic: Handler = async (request, context) => json(200, toxicWire(findToxic(request, context).toxic));

/**
 * POST or PATCH /proxies/{proxy}/toxics/{toxic} (identical): only
 * `attributes` (merged into the current values) and `toxicity` are read;
 * name, type and stream cannot change. The merged attributes go through
 * the toxic's check, as on create. Unlike the real server, a refused body
 * changes nothing (it writes attributes decoded before a type error).
 */
export const updateToxic: Handler = async (request, context) => {
  const { proxy, toxic } = findToxic(request, context);
  if (request.method === 'POST') context.log('debug', 'ToxicUpdate: HTTP method POST is deprecated. Use HTTP PATCH instead.');
  const definition = context.toxicTypes.get(toxic.type);
  if (!definition) throw new ApiError(`toxic ${toxic.name} has unknown type ${toxic.type}`, 500);
  const input = decodeBody(parseBody(request.body), toxicUpdateBody(definition)) ?? {};
  const given = input.attributes?.value ?? {};
  const attributes: Record<string, number> = {};
  for (const [key, value] of Object.entries(given)) if (value !== undefined) attributes[key] = value;
  const problem = definition.check?.({ ...toxic.attributes, ...attributes });
  if (problem !== undefined) throw new ApiError(problem, 400);
  const updated = await proxy.toxics.update(toxic.name, { attributes, toxicity: input.toxicity });
  return json(200, toxicWire(updated));
};

/** DELETE /proxies/{proxy}/toxics/{toxic}. */
export const deleteToxic: Handler = async (request, context) => {
  const { proxy, toxic } = findToxic(request, context);
  await proxy.toxics.remove(toxic.name);
  return noContent();
};
