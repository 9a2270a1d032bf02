/**
 * Picks one of `items` in proportion to its weight, with `random()` in
 * [0, 1): the i-th item owns the slice of [0, total) from the sum of the
 * weights before it.
 */
export const weightedPicker = <T extends { readonly weight: number }>(
  items: readonly T[],
  random: () => number,
): (() => T) => {
  if (items.length === 0) throw new RangeError('weightedPicker needs at least one item');
  const bounds: number[] = [];
  let total = 0;
  for (const item of items) bounds.push((total += item.weight));
  return () => {
    const x = random() * total;
    for (let i = 0; i < bounds.length; i += 1) if (x < (bounds[i] ?? 0)) return items[i] as T;
    return items[items.length - 1] as T;
  };
};
