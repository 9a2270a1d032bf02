/**
 * timeout: `{timeout: ms}` (toxiproxy-api.md §5.4). Data in its direction is
 * dropped for good. With timeout > 0 the connection closes (FIN) after
 * `timeout` ms without data, the timer restarting on every chunk; with 0 it
 * never closes by itself. Removing it (or /reset) closes the connection.
 */
import { describe, expect, it } from 'vitest';
import { type Endpoint, now, sleep } from '../../helpers/sockets.ts';
import { OPENINGS, type Opened, STREAMS, type Stream, type ToxicPair, useToxicHarness } from '../../helpers/toxic-harness.ts';

const expectBothEnded = async (ends: Endpoint[], within: number): Promise<number[]> => {
  const times: number[] = [];
  for (const endpoint of ends) {
    const ending = await endpoint.waitForEnding(within);
    expect(ending.kind, `${endpoint.label} should see a FIN`).toBe('end');
    times.push(ending.at);
  }
  return times;
};

describe('timeout toxic', () => {
  const h = useToxicHarness({ seed: 19 });

  /** `timeout` in ms. */
  const setUp = (stream: Stream, opened: Opened, timeout: number, toxicity = 1): Promise<ToxicPair> =>
    h.toxicPair({ name: 'cut', type: 'timeout', stream, toxicity, attributes: { timeout } }, opened);

  describe.each(STREAMS)('on the %s stream', (stream) => {
    describe.each(OPENINGS)('on a $title', ({ opened }) => {
      it('with timeout 0 drops data and never closes', async () => {
        const { pair, from, to } = await setUp(stream, opened, 0);
        from.write('dropped');
        await sleep(400);
        from.write('dropped too');
        const quiet = await to.quietFor(600);
        expect(to.received.length, 'timeout drops data, it does not delay it').toBe(0);
        expect(quiet.ending).toBeUndefined();
        expect(pair.client.ending).toBeUndefined();
        expect(pair.server.ending).toBeUndefined();
      });

      it('closes both sides after 300 ms without data', async () => {
        const { pair, started, to } = await setUp(stream, opened, 300);
        const [first] = await expectBothEnded([to], 1500);
        expect(first! - started).toBeGreaterThanOrEqual(300 - 2);
        expect(first! - started).toBeLessThan(300 * 2);
        await expectBothEnded([pair.client, pair.server].filter((e) => e !== to), 500);
        expect(to.received.length).toBe(0);
      });

      it('closes both sides at once when removed', async () => {
        const { proxy, pair, from } = await setUp(stream, opened, 0);
        from.write('dropped');
        await sleep(100);
        const removed = now();
        await h.api.removeToxic(proxy.name, 'cut');
        const times = await expectBothEnded([pair.client, pair.server], 1000);
        for (const at of times) expect(at - removed).toBeLessThan(500);
      });
    });

    it('restarts its timer on every chunk', async () => {
      const { pair, from, to } = await setUp(stream, 'before', 400);
      let last = now();
      for (let i = 0; i < 6; i++) {
        last = from.write('keepalive');
        await sleep(150);
        expect(to.ending, `closed although a chunk came ${i === 0 ? 'at the start' : '150 ms earlier'}`).toBeUndefined();
      }
      const [closed] = await expectBothEnded([to], 1500);
      expect(closed! - last).toBeGreaterThanOrEqual(400 - 2);
      expect(closed! - last).toBeLessThan(400 * 1.75);
      expect(to.received.length).toBe(0);
      await expectBothEnded([pair.client, pair.server].filter((e) => e !== to), 500);
    });

    it('closes at once when the source closes first', async () => {
      const { from, to } = await setUp(stream, 'before', 5000);
      const ended = from.end();
      const [closed] = await expectBothEnded([to], 1500);
      expect(closed! - ended).toBeLessThan(500);
    });

    it('closes on removal even where it lost its toxicity roll', async () => {
      const { proxy, pair, from, to } = await setUp(stream, 'before', 0, 0);
      from.write('passes');
      await to.waitForBytes(6, 1000);
      expect(to.text, 'toxicity 0: data passes').toBe('passes');
      await h.api.removeToxic(proxy.name, 'cut');
      await expectBothEnded([pair.client, pair.server], 1000);
    });

    it('is closed by /reset, which removes it', async () => {
      const { pair } = await setUp(stream, 'before', 0);
      await h.api.reset();
      await expectBothEnded([pair.client, pair.server], 1000);
    });
  });
});
