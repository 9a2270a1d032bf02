import { ApiError } from '../errors.ts';
import {
  decodeValue,
  goBool,
  goFloat32,
  goInt,
  goInt64,
  goInterfaceHolding,
  goSlice,
  goString,
  goStruct,
  JsonDecodeError,
  parseFirstValue,
  type GoType,
  type JsonValue,
} from '../json/index.ts';
import type { AnyToxicDefinition } from '../toxics/index.ts';

/*
 * The Go types the real server decodes each request body into, described
 * for json/ so that defaults, case-insensitive keys and error texts are Go's.
 * The type texts are reflect's, as they appear in its error messages.
 */

/** `Logger *zerolog.Logger` is an exported field of toxiproxy.Proxy: any object passes, other values are errors. */
const zerologLogger = goStruct({ goString: 'zerolog.Logger', name: 'Logger', fields: {} });

const proxyFields = { name: goString, listen: goString, upstream: goString, enabled: goBool, Logger: zerologLogger };

/** POST /proxies and POST|PATCH /proxies/{proxy}. `toxics` is `json:"-"`, so ignored. */
export const proxyBody = goStruct({ goString: 'toxiproxy.Proxy', name: 'Proxy', fields: proxyFields });

/** POST /populate: Proxy embedded, with `enabled` made a pointer so that a missing one can default to true. */
export const populateBody = goSlice(
  goStruct({
    goString: 'struct { toxiproxy.Proxy; Enabled *bool "json:\\"enabled\\"" }',
    name: '',
    fields: proxyFields,
  }),
);

/** First pass of toxic create: attributes go to a NoopToxic placeholder, so only their JSON kind is checked. */
export const toxicCreateBody = goStruct({
  goString: 'toxics.ToxicWrapper',
  name: 'ToxicWrapper',
  fields: {
    attributes: goInterfaceHolding(goStruct({ goString: 'toxics.NoopToxic', name: 'NoopToxic', fields: {} }), 'toxics.Toxic'),
    name: goString,
    type: goString,
    stream: goString,
    toxicity: goFloat32,
  },
});

/** Second pass of toxic create: the whole body again, only `attributes`, into the type's struct. */
export function toxicAttributesBody(definition: AnyToxicDefinition) {
  return goStruct({
    goString: 'struct { Attributes interface {} "json:\\"attributes\\"" }',
    name: '',
    fields: { attributes: goInterfaceHolding(attributesStruct(definition), 'interface {}') },
  });
}

/** POST|PATCH /proxies/{proxy}/toxics/{toxic}: only attributes (merged into the current ones) and toxicity. */
export function toxicUpdateBody(definition: AnyToxicDefinition) {
  return goStruct({
    goString: 'struct { Attributes interface {} "json:\\"attributes\\""; Toxicity float32 "json:\\"toxicity\\"" }',
    name: '',
    fields: { attributes: goInterfaceHolding(attributesStruct(definition), 'interface {}'), toxicity: goFloat32 },
  });
}

const attributeStructs = new WeakMap<AnyToxicDefinition, GoType<Record<string, number | undefined>>>();

/** `toxics.LatencyToxic` and friends: every attribute an integer. */
function attributesStruct(definition: AnyToxicDefinition): GoType<Record<string, number | undefined>> {
  let type = attributeStructs.get(definition);
  if (!type) {
    // The slicer's fields are Go `int`, the others `int64`; toxic definitions do not say, so it is kept here.
    const integer = definition.type === 'slicer' ? goInt : goInt64;
    const fields = Object.fromEntries(definition.attributes.map((key: string) => [key, integer]));
    type = goStruct({ goString: `toxics.${definition.goStruct}`, name: definition.goStruct, fields });
    attributeStructs.set(definition, type);
  }
  return type;
}

/** Reads a body's first JSON value; a syntax error is the real server's 400 `bad request body: ...`. */
export function parseBody(body: Buffer): JsonValue {
  return asBadRequest(() => parseFirstValue(body));
}

/** Decodes a parsed body into a Go type; a type error is a 400 `bad request body: json: cannot unmarshal ...`. */
export function decodeBody<T>(value: JsonValue, type: GoType<T>): T | undefined {
  return asBadRequest(() => decodeValue(value, type));
}

function asBadRequest<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof JsonDecodeError) throw new ApiError(`bad request body: ${error.message}`, 400);
    throw error;
  }
}

export const missingField = (what: string): ApiError => new ApiError(`missing required field: ${what}`, 400);
