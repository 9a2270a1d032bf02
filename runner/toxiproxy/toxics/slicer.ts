import { defineToxic, INTERRUPTED } from './toxic.ts';

type Slicer = {
  /** Bytes; pieces end up between about half and all of average_size + size_variation. */
  average_size: number;
  /** Bytes of random shift of each split point. */
  size_variation: number;
  /** Microseconds waited after every piece. */
  delay: number;
};

/**
 * Splits each chunk in two, recursively, until every piece is at most
 * average_size + size_variation bytes, and waits `delay` µs after each piece.
 * Values that crash the real server (average_size 0, a variation not smaller
 * than the average) are refused.
 */
export const slicer = defineToxic<Slicer>({
  type: 'slicer',
  goStruct: 'SlicerToxic',
  attributes: ['average_size', 'size_variation', 'delay'],
  check({ average_size, size_variation }) {
    if (average_size <= 0) return `slicer average_size must be more than 0 bytes, got ${average_size}`;
    if (size_variation < 0) return `slicer size_variation must be 0 or more bytes, got ${size_variation}`;
    if (size_variation >= average_size)
      return `slicer size_variation (${size_variation}) must be smaller than average_size (${average_size})`;
    return undefined;
  },
  async pipe(stub, attributes) {
    for (;;) {
      const chunk = await stub.next();
      if (chunk === INTERRUPTED) return;
      if (chunk === null) return stub.close();
      const cuts = splitPoints(0, chunk.data.length, attributes, stub.random);
      for (let i = 1; i < cuts.length; i++) {
        await stub.send({ data: chunk.data.subarray(cuts[i - 1], cuts[i]), time: chunk.time });
        if (!(await stub.sleep(attributes.delay / 1000))) {
          const rest = chunk.data.subarray(cuts[i]);
          if (rest.length > 0) await stub.send({ data: rest, time: chunk.time });
          return;
        }
      }
    }
  },
});

/** Offsets [start, …, end] of the pieces of the range [start, end). */
function splitPoints(start: number, end: number, a: Slicer, random: () => number): number[] {
  if (end - start <= a.average_size + a.size_variation) return [start, end];
  let mid = start + Math.floor((end - start) / 2);
  if (a.size_variation > 0) mid += Math.floor(random() * 2 * a.size_variation) - a.size_variation;
  return [...splitPoints(start, mid, a, random), ...splitPoints(mid, end, a, random).slice(1)];
}
