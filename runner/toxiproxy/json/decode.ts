import type { DecodeContext, GoType } from './go-type.ts';
import { parseFirstValue } from './parse.ts';
import type { JsonValue } from './value.ts';

/**
 * Decodes a parsed value into a Go type; throws the first type error
 * (JsonDecodeError) once the whole value has been gone through, as Go does.
 * A top-level `null` gives undefined: the destination keeps its zero value.
 */
export function decodeValue<T>(value: JsonValue, type: GoType<T>): T | undefined {
  const context: DecodeContext = { struct: undefined, fields: [], error: undefined };
  const decoded = type.decode(value, undefined, context);
  if (context.error) throw context.error;
  return decoded;
}

/** `json.NewDecoder(body).Decode(&v)`: the first JSON value of the body, decoded into `type`. */
export function decodeJson<T>(body: Uint8Array, type: GoType<T>): T | undefined {
  return decodeValue(parseFirstValue(body), type);
}
