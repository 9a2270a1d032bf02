import type { z } from 'zod';

/**
 * Finds the object schema that validated the value at a path, to list the
 * keys it allows ("did you mean" for a misspelt key). Reads zod's schema
 * definitions (`_zod.def`), the documented surface for tools built on zod 4.
 * Unions are resolved with the data: a discriminated union by the value of
 * its discriminator, another union by the kind of value (mapping or list).
 */

type Schema = z.core.$ZodType;

interface Def {
  type: string;
  shape?: Record<string, Schema>;
  element?: Schema;
  innerType?: Schema;
  in?: Schema;
  options?: readonly Schema[];
  discriminator?: string;
  valueType?: Schema;
  getter?: () => Schema;
}

const defOf = (schema: Schema): Def => schema._zod.def as unknown as Def;

/** Keys of the object schema at `path` of `data`, or undefined when the path does not lead to an object schema. */
export const allowedKeysAt = (root: Schema, path: readonly PropertyKey[], data: unknown): string[] | undefined => {
  let schema: Schema | undefined = root;
  let value = data;
  for (const segment of path) {
    schema = step(unwrap(schema, value), segment);
    value = childOf(value, segment);
    if (schema === undefined) return undefined;
  }
  const shape = defOf(unwrap(schema, value)).shape;
  return shape === undefined ? undefined : Object.keys(shape);
};

const childOf = (value: unknown, segment: PropertyKey): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[segment] : undefined;

/** Removes wrappers (optional, default, pipe input, lazy) and picks the union member that fits `value`. */
const unwrap = (schema: Schema, value: unknown): Schema => {
  for (let depth = 0; depth < 20; depth++) {
    const def = defOf(schema);
    if (def.innerType !== undefined) schema = def.innerType;
    else if (def.type === 'pipe' && def.in !== undefined) schema = def.in;
    else if (def.type === 'lazy' && def.getter !== undefined) schema = def.getter();
    else if (def.type === 'union' && def.options !== undefined) {
      const option = pickOption(def, value);
      if (option === undefined) return schema;
      schema = option;
    } else return schema;
  }
  return schema;
};

const pickOption = (def: Def, value: unknown): Schema | undefined => {
  const options = def.options ?? [];
  if (def.discriminator !== undefined) {
    const tag = childOf(value, def.discriminator);
    return options.find((option) => option._zod.propValues?.[def.discriminator ?? '']?.has(tag as never));
  }
  const kind = Array.isArray(value) ? 'array' : typeof value === 'object' && value !== null ? 'object' : 'other';
  return options.find((option) => {
    const type = defOf(unwrap(option, value)).type;
    return kind === 'other' ? type !== 'object' && type !== 'array' : type === kind;
  });
};

const step = (schema: Schema, segment: PropertyKey): Schema | undefined => {
  const def = defOf(schema);
  if (def.type === 'object') return def.shape?.[String(segment)];
  if (def.type === 'array' && typeof segment === 'number') return def.element;
  if (def.type === 'record') return def.valueType;
  return undefined;
};
