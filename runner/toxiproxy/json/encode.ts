import { formatFloat32 } from './float32.ts';

/** A number the encoder prints as a Go float32 (toxicity), not as a float64. */
export class Float32 {
  constructor(readonly value: number) {}
}

/**
 * What the encoder accepts. Plain objects keep their key order (struct
 * fields); a Map is for keys chosen by users, such as proxy names, because
 * a plain object would move integer-like keys ("10", "2") to the front.
 * Undefined members are left out.
 */
export type Encodable =
  | null
  | boolean
  | number
  | string
  | Float32
  | readonly Encodable[]
  | ReadonlyMap<string, Encodable>
  | { readonly [key: string]: Encodable | undefined };

/**
 * Compact JSON as Go's json.Marshal writes it: keys in the order given,
 * strings escaped like Go (`<`, `>`, `&`, U+2028 and U+2029 as \u escapes,
 * invalid UTF-16 as U+FFFD), numbers as Go prints float64 (integers without
 * exponent up to 1e21) and Float32 values as Go prints float32.
 */
export function encodeJson(value: Encodable): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return formatFloat64(value);
  if (typeof value === 'string') return quoteString(value);
  if (value instanceof Float32) return formatFloat32(value.value);
  if (isArray(value)) return `[${value.map(encodeJson).join(',')}]`;
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  const members: string[] = [];
  for (const [key, member] of entries) {
    if (member !== undefined) members.push(`${quoteString(key)}:${encodeJson(member)}`);
  }
  return `{${members.join(',')}}`;
}

const isArray = (value: unknown): value is readonly Encodable[] => Array.isArray(value);

function formatFloat64(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`json: unsupported value: ${n}`);
  return Object.is(n, -0) ? '-0' : String(n);
}

const shortEscapes: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** A JSON string as Go writes it (with HTML escaping, Go's default). */
export function quoteString(s: string): string {
  // Control characters, quote, backslash, HTML-sensitive characters, line separators and surrogates.
  return `"${s.replace(/[\u0000-\u001f"\\<>&\u2028\u2029]|[\ud800-\udbff][\udc00-\udfff]?|[\udc00-\udfff]/g, escapeOne)}"`;
}

function escapeOne(c: string): string {
  const short = shortEscapes[c];
  if (short !== undefined) return short;
  const code = c.charCodeAt(0);
  if (code >= 0xd800 && code <= 0xdfff) return c.length === 2 ? c : '\\ufffd';
  return `\\u${code.toString(16).padStart(4, '0')}`;
}
