/**
 * A parsed JSON value, keeping what Go's decoder looks at and `JSON.parse`
 * loses: number literals exactly as written (int64 fields reject `10.5` and
 * `1e3`, which are numbers all the same) and every object member in order,
 * duplicates included (the last one wins, nested objects merge).
 */
export type JsonValue =
  | { readonly kind: 'null' }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'array'; readonly items: readonly JsonValue[] }
  | { readonly kind: 'object'; readonly entries: readonly (readonly [key: string, value: JsonValue])[] };

/** How Go's `UnmarshalTypeError` names a JSON value: `string`, `number`, `bool`, `array`, `object`. */
export function describeValue(value: JsonValue): string {
  return value.kind;
}
