import { JsonDecodeError } from './errors.ts';
import type { JsonValue } from './value.ts';

/**
 * Where Go's decoder is while it decodes, for its error texts: the struct
 * whose field is being filled (`''` for an anonymous struct, undefined at the
 * top level) and the JSON names of the fields from the root. The first type
 * error is kept and decoding goes on, as Go does.
 */
export interface DecodeContext {
  struct: string | undefined;
  readonly fields: string[];
  error: JsonDecodeError | undefined;
}

/**
 * A Go type a JSON value is decoded into, described for Go's decoding rules.
 * `decode` returns the new value of the destination given its `previous`
 * value (undefined: the zero value, i.e. not given). JSON `null` leaves the
 * destination as it is, which is how "null means not given" comes about.
 */
export interface GoType<T> {
  /** The type as Go's reflect prints it in errors: `bool`, `int64`, `toxics.LatencyToxic`, `[]struct { ... }`. */
  readonly goString: string;
  decode(value: JsonValue, previous: T | undefined, context: DecodeContext): T | undefined;
}

/** The value type a GoType decodes to. */
export type Decoded<G> = G extends GoType<infer T> ? T : never;

/**
 * Records Go's `UnmarshalTypeError` unless an earlier one is kept:
 * `json: cannot unmarshal <what> into Go struct field <Struct>.<a.b> of type <type>`,
 * or `... into Go value of type <type>` at the top level.
 */
export function typeError(context: DecodeContext, what: string, goString: string): void {
  if (context.error) return;
  const into =
    context.struct !== undefined || context.fields.length > 0
      ? `Go struct field ${context.struct ?? ''}.${context.fields.join('.')}`
      : 'Go value';
  context.error = new JsonDecodeError(`json: cannot unmarshal ${what} into ${into} of type ${goString}`);
}
