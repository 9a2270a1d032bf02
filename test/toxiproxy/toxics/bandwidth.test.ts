/**
 * bandwidth: `{rate: KB/s}` with KB = 1000 bytes (toxiproxy-api.md §5.2).
 * The lower bounds are tight (a toxic cannot deliver early, and 1024-byte KB
 * would be 2.3 % early); the upper bounds are loose, since the machine is
 * shared. Precise accuracy is the benchmark's job.
 */
import { describe, expect, it } from 'vitest';
import { type Endpoint, now, pattern, sleep } from '../../helpers/sockets.ts';
import { OPENINGS, type Opened, STREAMS, type Stream, type ToxicPair, useToxicHarness } from '../../helpers/toxic-harness.ts';

describe('bandwidth toxic', () => {
  const h = useToxicHarness({ seed: 13 });

  /** `rate` in KB/s. */
  const setUp = (stream: Stream, opened: Opened, rate: number): Promise<ToxicPair> =>
    h.toxicPair({ name: 'pipe', type: 'bandwidth', stream, attributes: { rate } }, opened);

  /** Sends `bytes` at once and returns ms from the write to the last byte's arrival. */
  const transfer = async (from: Endpoint, to: Endpoint, bytes: number, within: number): Promise<number> => {
    const data = pattern(bytes);
    const sent = from.write(data);
    await to.waitForBytes(bytes, within);
    expect(to.received.equals(data), 'bytes must arrive complete and in order').toBe(true);
    return to.arrivalOfByte(bytes - 1) - sent;
  };

  describe.each(STREAMS)('on the %s stream', (stream) => {
    it('never runs ahead of 1000 KB/s, counting KB as 1000 bytes, and moves 1.5 MB in about 1.5 s', async () => {
      const { from, to } = await setUp(stream, 'before', 1000);
      const sent = now();
      const elapsed = await transfer(from, to, 1_500_000, 5000);
      // Every byte is paid for before it is released, so no read may be ahead of
      // 1000 bytes per ms since the write (3 ms and 0.3 % allowed for timer rounding).
      // A KB of 1024 bytes would put every read 2.4 % ahead.
      let delivered = 0;
      const ahead = to.arrivals.map(({ at, data }) => {
        delivered += data.length;
        return { at: Math.round(at - sent), delivered, allowed: Math.floor(1000 * (at - sent + 3) * 1.003) };
      });
      const worst = ahead.reduce((a, b) => (b.delivered - b.allowed > a.delivered - a.allowed ? b : a));
      expect(worst.delivered, `at ${worst.at} ms ${worst.delivered} bytes had arrived, more than 1000 KB/s allows`).toBeLessThanOrEqual(worst.allowed);
      expect(elapsed, 'far slower than 1000 KB/s').toBeLessThan(1500 * 1.6);
    });

    describe.each(OPENINGS)('on a $title', ({ opened }) => {
      it('moves 100 KB at 200 KB/s in about 0.5 s', async () => {
        const { from, to } = await setUp(stream, opened, 200);
        const elapsed = await transfer(from, to, 100_000, 4000);
        expect(elapsed).toBeGreaterThanOrEqual(500 * 0.97);
        expect(elapsed).toBeLessThan(500 * 1.6);
      });

      it('stalls the stream at rate 0, and releases it when removed', async () => {
        const { proxy, pair, from, to } = await setUp(stream, opened, 0);
        from.write(pattern(1000));
        const quiet = await to.quietFor(700);
        expect(quiet.bytes, 'rate 0 means stalled, not unlimited').toBe(0);
        expect(pair.client.ending, 'a stalled connection stays open').toBeUndefined();
        expect(pair.server.ending, 'a stalled connection stays open').toBeUndefined();
        const removed = now();
        await h.api.removeToxic(proxy.name, 'pipe');
        await to.waitForBytes(1000, 1500);
        expect(to.arrivalOfByte(999) - removed).toBeLessThan(800);
      });
    });

    it('delivers progressively, not all at the end', async () => {
      const { from, to } = await setUp(stream, 'before', 100);
      from.write(pattern(100_000));
      await sleep(500);
      const halfway = to.received.length;
      expect(halfway, 'about half of 100 KB at 100 KB/s after 0.5 s').toBeGreaterThan(20_000);
      expect(halfway, 'about half of 100 KB at 100 KB/s after 0.5 s').toBeLessThan(80_000);
      await to.waitForBytes(100_000, 3000);
    });

    it('flushes what it holds when removed mid-transfer', async () => {
      const { proxy, from, to } = await setUp(stream, 'after', 10);
      const data = pattern(100_000);
      from.write(data);
      await sleep(300);
      expect(to.received.length).toBeLessThan(100_000);
      const removed = now();
      await h.api.removeToxic(proxy.name, 'pipe');
      await to.waitForBytes(100_000, 2000);
      expect(to.arrivalOfByte(99_999) - removed).toBeLessThan(1000);
      expect(to.received.equals(data)).toBe(true);
    });

    it('applies a new rate to a transfer in progress when updated', async () => {
      const { proxy, from, to } = await setUp(stream, 'before', 20);
      const data = pattern(200_000);
      from.write(data);
      await sleep(300);
      const updated = now();
      await h.api.updateToxic(proxy.name, 'pipe', { attributes: { rate: 100_000 } });
      // At 20 KB/s the rest would take about 10 s.
      await to.waitForBytes(200_000, 3000);
      expect(to.arrivalOfByte(199_999) - updated).toBeLessThan(2000);
      expect(to.received.equals(data)).toBe(true);
    });
  });
});
