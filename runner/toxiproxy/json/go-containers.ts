import type { DecodeContext, GoType } from './go-type.ts';
import { typeError } from './go-type.ts';
import type { JsonValue } from './value.ts';

/** A Go slice: each element decoded from its zero value. null leaves the destination (a nil slice) as it is. */
export function goSlice<T>(element: GoType<T>): GoType<(T | undefined)[]> {
  const goString = `[]${element.goString}`;
  return {
    goString,
    decode(value: JsonValue, previous: (T | undefined)[] | undefined, context: DecodeContext) {
      if (value.kind === 'null') return previous;
      if (value.kind !== 'array') {
        typeError(context, value.kind, goString);
        return previous;
      }
      return value.items.map((item) => element.decode(item, undefined, context));
    },
  };
}

/**
 * An interface field holding a pointer to a struct, as Toxiproxy decodes
 * toxic attributes: objects decode (merging) into the struct; `null` sets the
 * interface to nil, after which the struct keeps what it got but receives
 * nothing more. Then an empty interface (`interface {}`) swallows any value,
 * while a non-empty one (`toxics.Toxic`) refuses everything but null.
 */
export interface InterfaceSlot<T> {
  /** What the held struct has received so far. */
  readonly value: T | undefined;
  /** False once a JSON null set the interface to nil. */
  readonly holding: boolean;
}

export function goInterfaceHolding<T>(target: GoType<T>, interfaceGoString: string): GoType<InterfaceSlot<T>> {
  return {
    goString: interfaceGoString,
    decode(value: JsonValue, previous: InterfaceSlot<T> | undefined, context: DecodeContext) {
      const slot = previous ?? { value: undefined, holding: true };
      if (value.kind === 'null') return { value: slot.value, holding: false };
      if (slot.holding) return { value: target.decode(value, slot.value, context), holding: true };
      if (interfaceGoString !== 'interface {}') typeError(context, value.kind, interfaceGoString);
      return slot;
    },
  };
}
