/**
 * slicer: `{average_size: bytes, size_variation: bytes, delay: µs}`
 * (toxiproxy-api.md §5.6). Each chunk is cut into pieces of at most
 * average_size + size_variation bytes, with `delay` MICROseconds after each
 * piece; every byte arrives, in order. Pieces are read one per `data` event
 * because they are far apart (100 ms) compared to the reader's turnaround.
 */
import { describe, expect, it } from 'vitest';
import { now, pattern, sleep } from '../../helpers/sockets.ts';
import { OPENINGS, type Opened, STREAMS, type Stream, type ToxicPair, useToxicHarness } from '../../helpers/toxic-harness.ts';

describe('slicer toxic', () => {
  const h = useToxicHarness({ seed: 29 });

  const setUp = (stream: Stream, opened: Opened, attributes: { average_size: number; size_variation: number; delay: number }): Promise<ToxicPair> =>
    h.toxicPair({ name: 'knife', type: 'slicer', stream, attributes }, opened);

  describe.each(STREAMS)('on the %s stream', (stream) => {
    describe.each(OPENINGS)('on a $title', ({ opened }) => {
      it('cuts a chunk into pieces of at most average_size + size_variation bytes, delay µs apart', async () => {
        const { from, to } = await setUp(stream, opened, { average_size: 10, size_variation: 2, delay: 100_000 });
        const data = pattern(60);
        from.write(data);
        // 60 bytes in pieces of 6 to 12 bytes, 100 ms after each: well under 2 s.
        await to.waitForBytes(60, 3000);
        const sizes = to.arrivals.map((a) => a.data.length);
        expect(to.received.equals(data), 'every byte, in order').toBe(true);
        expect(Math.max(...sizes), `piece sizes ${sizes.join(', ')}`).toBeLessThanOrEqual(12);
        expect(sizes.length, `piece sizes ${sizes.join(', ')}`).toBeGreaterThanOrEqual(5);
        const gaps = to.arrivals.slice(1).map((a, i) => a.at - to.arrivals[i]!.at);
        const shown = gaps.map(Math.round).join(', ');
        const mean = gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length;
        expect(mean, `gaps between pieces ${shown} ms; delay is 100 000 µs`).toBeGreaterThanOrEqual(100 - 2);
        expect(mean, `gaps between pieces ${shown} ms; delay is 100 000 µs`).toBeLessThan(100 * 1.5);
        expect(Math.min(...gaps), `gaps between pieces ${shown} ms`).toBeGreaterThan(75);
      });
    });

    it('reads delay in microseconds: 20 000 µs spaces pieces about 20 ms apart', async () => {
      const { from, to } = await setUp(stream, 'before', { average_size: 10, size_variation: 0, delay: 20_000 });
      const sent = from.write(pattern(100));
      await to.waitForBytes(100, 5000);
      const span = to.arrivalOfByte(99) - sent;
      const pieces = to.arrivals.length;
      // At least 10 pieces (≤ 10 bytes each), 20 ms after each: from 180 ms on; about
      // 16 pieces (6 or 7 bytes) in practice. Milliseconds would take 20 s a piece.
      expect(span, `${pieces} reads in ${Math.round(span)} ms`).toBeGreaterThanOrEqual(9 * 20 - 2);
      expect(span, `${pieces} reads in ${Math.round(span)} ms`).toBeLessThan(1200);
    });

    it('passes every byte of a large transfer in order', async () => {
      const { from, to } = await setUp(stream, 'after', { average_size: 500, size_variation: 200, delay: 10 });
      const data = pattern(200_000, 5);
      from.write(data);
      await to.waitForBytes(data.length, 8000);
      expect(to.received.equals(data)).toBe(true);
    });

    it('sends the rest of the chunk at once when removed mid-chunk', async () => {
      const { proxy, from, to } = await setUp(stream, 'before', { average_size: 10, size_variation: 0, delay: 200_000 });
      const data = pattern(200);
      from.write(data);
      await sleep(300);
      expect(to.received.length).toBeLessThan(200);
      const removed = now();
      await h.api.removeToxic(proxy.name, 'knife');
      await to.waitForBytes(200, 1500);
      expect(to.arrivalOfByte(199) - removed).toBeLessThan(500);
      expect(to.received.equals(data)).toBe(true);
    });
  });
});
