import { expect, it } from 'vitest';
import { RepeatFilter } from '../../runner/receiver/repeats.ts';

it('remembers at least the last capacity / 2 keys, and forgets older ones in bulk', () => {
  const filter = new RepeatFilter(10);
  filter.remember(['a', 'b', 'c']);
  expect(filter.has('a')).toBe(true);
  expect(filter.has('z')).toBe(false);
  // Re-remembering a key in the current generation does not use space.
  filter.remember(['a', 'a', 'a']);
  filter.remember(['d', 'e', 'f', 'g', 'h', 'i', 'j']);
  // Ten keys in two generations of five: all still known.
  for (const key of 'abcdefghij') expect(filter.has(key), key).toBe(true);
  // The eleventh key starts a new generation: a–e are forgotten.
  filter.remember(['k']);
  for (const key of 'fghijk') expect(filter.has(key), key).toBe(true);
  for (const key of 'abcde') expect(filter.has(key), key).toBe(false);
  // However many come, the last five are always there.
  const many = Array.from({ length: 1003 }, (_, i) => `key-${i}`);
  filter.remember(many);
  for (const key of many.slice(-5)) expect(filter.has(key), key).toBe(true);
  expect(filter.has('key-0')).toBe(false);
});
