/**
 * limit_data: `{bytes: int64}` (toxiproxy-api.md §5.7). Per connection and
 * direction, exactly `bytes` bytes pass (the crossing chunk is cut), then the
 * connection closes with FIN. bytes 0 closes on the first data, not at
 * connect. The count survives updates; a newly added toxic counts from 0.
 */
import { describe, expect, it } from 'vitest';
import { pattern, sleep } from '../../helpers/sockets.ts';
import { OPENINGS, type Opened, type Pair, sink, source, STREAMS, type Stream, type ToxicPair, useToxicHarness } from '../../helpers/toxic-harness.ts';

const expectFinOnBothSides = async (pair: Pair): Promise<void> => {
  for (const endpoint of [pair.client, pair.server]) {
    expect((await endpoint.waitForEnding(1500)).kind, endpoint.describe()).toBe('end');
  }
};

describe('limit_data toxic', () => {
  const h = useToxicHarness({ seed: 31 });

  const setUp = (stream: Stream, opened: Opened, bytes: number): Promise<ToxicPair> =>
    h.toxicPair({ name: 'cap', type: 'limit_data', stream, attributes: { bytes } }, opened);

  describe.each(STREAMS)('on the %s stream', (stream) => {
    describe.each(OPENINGS)('on a $title', ({ opened }) => {
      it('delivers exactly `bytes` bytes of a larger chunk, then FIN', async () => {
        const { pair, from, to } = await setUp(stream, opened, 100);
        from.write(pattern(1000));
        await expectFinOnBothSides(pair);
        expect(to.received.equals(pattern(100)), `got ${to.received.length} bytes, expected the first 100`).toBe(true);
      });

      it('with bytes 0 stays open until the first data, then closes sending nothing', async () => {
        const { pair, from, to } = await setUp(stream, opened, 0);
        await sleep(300);
        expect(pair.client.ending, 'bytes 0 must not close at connect').toBeUndefined();
        expect(pair.server.ending, 'bytes 0 must not close at connect').toBeUndefined();
        from.write('x');
        await expectFinOnBothSides(pair);
        expect(to.received.length).toBe(0);
      });
    });

    it('cuts the chunk that crosses the limit', async () => {
      const { pair, from, to } = await setUp(stream, 'before', 100);
      from.write(pattern(60));
      await to.waitForBytes(60, 1000);
      expect(to.ending, 'under the limit the connection stays open').toBeUndefined();
      from.write(pattern(60, 60));
      await expectFinOnBothSides(pair);
      expect(to.received.equals(pattern(100))).toBe(true);
    });

    it('closes right after a chunk that reaches the limit exactly', async () => {
      const { pair, from, to } = await setUp(stream, 'before', 50);
      from.write(pattern(50));
      await expectFinOnBothSides(pair);
      expect(to.received.equals(pattern(50))).toBe(true);
    });

    it('keeps its count across an update of the limit', async () => {
      const { proxy, pair, from, to } = await setUp(stream, 'before', 100);
      from.write(pattern(50));
      await to.waitForBytes(50, 1000);
      await h.api.updateToxic(proxy.name, 'cap', { attributes: { bytes: 200 } });
      from.write(pattern(120, 50));
      await to.waitForBytes(170, 1000);
      expect(to.ending, '170 of 200 bytes: still open').toBeUndefined();
      from.write(pattern(50, 170));
      await expectFinOnBothSides(pair);
      expect(to.received.equals(pattern(200)), `got ${to.received.length} bytes, expected 200`).toBe(true);
    });

    it('counts from 0 on a live connection when newly added', async () => {
      const proxy = await h.proxy();
      const pair = await h.pair(proxy);
      const from = source(pair, stream);
      const to = sink(pair, stream);
      from.write(pattern(80));
      await to.waitForBytes(80, 1000);
      await h.api.addToxic(proxy.name, { type: 'limit_data', stream, attributes: { bytes: 50 } });
      from.write(pattern(40, 80));
      await to.waitForBytes(120, 1000);
      expect(to.ending, 'bytes sent before the toxic existed do not count').toBeUndefined();
      from.write(pattern(20, 120));
      await expectFinOnBothSides(pair);
      expect(to.received.equals(pattern(130))).toBe(true);
    });
  });
});
