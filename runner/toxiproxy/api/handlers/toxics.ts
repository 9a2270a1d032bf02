import { ApiError } from '../../errors.ts';
import { decodeBody, parseBody, toxicAttributesBody, toxicCreateBody } from '../bodies.ts';
import { findProxy } from '../error-response.ts';
import { json } from '../responses.ts';
import type { Handler } from '../types.ts';
import { toxicWire } from '../wire.ts';

/** GET /proxies/{proxy}/toxics: upstream toxics, then downstream ones, each in the order added. */
export const listToxics: Handler = async ({ params }, context) =>
  json(200, findProxy(context, params.proxy).toxics.list().map(toxicWire));

const invalidStream = () => new ApiError('stream was invalid, can be either upstream or downstream', 400);

/**
 * POST /proxies/{proxy}/toxics, answering 200 (not 201) like the real server.
 * Checks in its order (§3.10): the body; the stream, case-insensitive, kept
 * as sent (an explicit "" is invalid); the default name `<type>_<stream>`;
 * the type; a name already used in either direction (409); the attributes,
 * decoded from the whole body again into the type's integer fields, every
 * one zero unless given. Then, a deliberate difference: values that crash or
 * hang the real server are refused with a 400 that says why.
 */
export const createToxic: Handler = async ({ params, body }, context) => {
  const proxy = findProxy(context, params.proxy);
  const value = parseBody(body);
  const input = decodeBody(value, toxicCreateBody) ?? {};
  const stream = input.stream ?? 'downstream';
  const direction = stream.toLowerCase();
  if (direction !== 'upstream' && direction !== 'downstream') throw invalidStream();
  const type = input.type ?? '';
  const name = input.name || `${type}_${stream}`;
  const definition = context.toxicTypes.get(type);
  if (!definition) throw new ApiError('invalid toxic type', 400);
  if (proxy.toxics.get(name)) throw new ApiError('toxic already exists', 409);

  const given = decodeBody(value, toxicAttributesBody(definition))?.attributes?.value ?? {};
  const attributes: Record<string, number> = {};
  for (const key of definition.attributes as readonly string[]) attributes[key] = given[key] ?? 0;
  const problem = definition.check?.(attributes);
  if (problem !== undefined) throw new ApiError(problem, 400);

  const toxic = await proxy.toxics.add({ name, type, stream, toxicity: input.toxicity ?? 1, attributes });
  return json(200, toxicWire(toxic));
};
