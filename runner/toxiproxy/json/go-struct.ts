import type { DecodeContext, Decoded, GoType } from './go-type.ts';
import { typeError } from './go-type.ts';
import type { JsonValue } from './value.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fields = Record<string, GoType<any>>;

/** A decoded struct: the fields the JSON gave (and earlier values merged in), each optional. */
export type StructValue<F extends Fields> = { [K in keyof F]?: Decoded<F[K]> };

export interface GoStructOptions<F extends Fields> {
  /** reflect's String(): `toxiproxy.Proxy`, `toxics.LatencyToxic`, or the literal text of an anonymous struct. */
  goString: string;
  /** reflect's Name(), which errors print before the field path: `Proxy`, `LatencyToxic`, `''` when anonymous. */
  name: string;
  /** The fields by their JSON name (the tag), in declaration order. */
  fields: F;
}

/**
 * A Go struct as encoding/json fills it: each member goes to the field whose
 * name matches exactly or, failing that, case-insensitively (Go's simple
 * case folding, so `ENABLED` and `UpStream` work); unknown members are
 * skipped; a later duplicate overwrites, and an object decoded into a field
 * that already holds a struct merges into it. Non-objects are type errors.
 */
export function goStruct<F extends Fields>({ goString, name, fields }: GoStructOptions<F>): GoType<StructValue<F>> {
  const byFolded = new Map<string, string>();
  for (const field of Object.keys(fields)) if (!byFolded.has(fold(field))) byFolded.set(fold(field), field);
  const lookup = (key: string): string | undefined => (Object.hasOwn(fields, key) ? key : byFolded.get(fold(key)));

  return {
    goString,
    decode(value: JsonValue, previous: StructValue<F> | undefined, context: DecodeContext) {
      if (value.kind === 'null') return previous;
      if (value.kind !== 'object') {
        typeError(context, value.kind, goString);
        return previous;
      }
      const result: Record<string, unknown> = { ...previous };
      for (const [key, member] of value.entries) {
        const field = lookup(key);
        if (field === undefined) continue;
        const outer = context.struct;
        const depth = context.fields.length;
        context.struct = name;
        context.fields.push(field);
        const decoded: unknown = fields[field]?.decode(member, result[field], context);
        if (decoded !== undefined) result[field] = decoded;
        context.fields.length = depth;
        context.struct = outer;
      }
      return result as StructValue<F>;
    },
  };
}

/**
 * Go's foldName: ASCII letters upper-cased, and the two non-ASCII letters whose
 * simple case folding reaches ASCII (ſ U+017F to S, the Kelvin sign U+212A to K).
 * Other characters are kept; they can never match our ASCII field names.
 */
function fold(name: string): string {
  return name.replace(/[a-z\u017f\u212a]/g, (c) => (c === '\u017f' ? 'S' : c === '\u212a' ? 'K' : c.toUpperCase()));
}
