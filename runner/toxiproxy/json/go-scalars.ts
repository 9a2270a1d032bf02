import { typeError, type DecodeContext, type GoType } from './go-type.ts';
import type { JsonValue } from './value.ts';

/** A Go type filled from one kind of JSON scalar; `convert` gives undefined when the number does not fit. */
function scalar<T>(goString: string, kind: JsonValue['kind'], convert: (value: JsonValue) => T | undefined): GoType<T> {
  return {
    goString,
    decode(value: JsonValue, previous: T | undefined, context: DecodeContext): T | undefined {
      if (value.kind === 'null') return previous;
      if (value.kind !== kind) {
        typeError(context, value.kind, goString);
        return previous;
      }
      const converted = convert(value);
      if (converted === undefined) {
        // Go names the literal when a number is the right kind but does not fit: `number 10.5`.
        typeError(context, `number ${value.kind === 'number' ? value.text : ''}`, goString);
        return previous;
      }
      return converted;
    },
  };
}

export const goString: GoType<string> = scalar('string', 'string', (v) => (v.kind === 'string' ? v.value : undefined));

export const goBool: GoType<boolean> = scalar('bool', 'bool', (v) => (v.kind === 'bool' ? v.value : undefined));

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Go's strconv.ParseInt(s, 10, 64): digits only, no fraction or exponent, within int64. */
function parseInt64(value: JsonValue): number | undefined {
  if (value.kind !== 'number' || !/^-?\d+$/.test(value.text)) return undefined;
  const n = BigInt(value.text);
  // Beyond ±2^53 the stored number is the nearest double: JavaScript numbers cannot hold every int64.
  return n < INT64_MIN || n > INT64_MAX ? undefined : Number(n);
}

/** A Go int64; `number 10.5`, `number 1e3` and out-of-range literals are type errors. */
export const goInt64: GoType<number> = scalar('int64', 'number', parseInt64);

/** A Go int (64 bits on the real server's platforms); only the name in errors differs from int64. */
export const goInt: GoType<number> = scalar('int', 'number', parseInt64);

/** A Go float32: the literal rounded to float32; one that overflows float32 is a type error. */
export const goFloat32: GoType<number> = scalar('float32', 'number', (v) => {
  if (v.kind !== 'number') return undefined;
  const n = Math.fround(Number(v.text));
  return Number.isFinite(n) ? n : undefined;
});
