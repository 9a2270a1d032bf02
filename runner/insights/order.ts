/** Small helpers for ordering and grouping, shared by the insights modules. */

/** Code-unit order of two strings (stable across locales), for sorting. */
export const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const sortedUnique = (values: readonly string[]): string[] => [...new Set(values)].sort();

/** Appends `value` to the list under `key`, making the list on first use. */
export const push = <K, T>(map: Map<K, T[]>, key: K, value: T): void => {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
};
