/**
 * slow_close: `{delay: ms}` (toxiproxy-api.md §5.3). Data passes untouched;
 * the end of stream from the source reaches the sink `delay` ms late.
 * Removing the toxic during the wait lets the close through at once.
 */
import { describe, expect, it } from 'vitest';
import { now, sleep } from '../../helpers/sockets.ts';
import { OPENINGS, type Opened, STREAMS, type Stream, type ToxicPair, useToxicHarness } from '../../helpers/toxic-harness.ts';

const DELAY = 500;

describe('slow_close toxic', () => {
  const h = useToxicHarness({ seed: 17 });

  /** `delay` in ms. */
  const setUp = (stream: Stream, opened: Opened, delay: number): Promise<ToxicPair> =>
    h.toxicPair({ name: 'lazy', type: 'slow_close', stream, attributes: { delay } }, opened);

  describe.each(STREAMS)('on the %s stream', (stream) => {
    describe.each(OPENINGS)('on a $title', ({ opened }) => {
      it('passes data at once', async () => {
        const { from, to } = await setUp(stream, opened, DELAY);
        const sent = from.write('data');
        await to.waitForBytes(4, 1000);
        expect(to.arrivalOfByte(3) - sent).toBeLessThan(150);
      });

      it(`delays the close by ${DELAY} ms, after the data`, async () => {
        const { pair, from, to } = await setUp(stream, opened, DELAY);
        from.write('bye');
        const ended = from.end();
        const ending = await to.waitForEnding(DELAY + 1500);
        expect(to.text).toBe('bye');
        expect(to.arrivalOfByte(2) - ended, 'data must not wait for the close').toBeLessThan(150);
        expect(ending.kind).toBe('end');
        expect(ending.at - ended).toBeGreaterThanOrEqual(DELAY - 2);
        expect(ending.at - ended).toBeLessThan(DELAY * 1.6);
        await pair.client.waitForClose(1000);
        await pair.server.waitForClose(1000);
      });
    });

    it('lets the close through at once when removed during the wait', async () => {
      const { proxy, from, to } = await setUp(stream, 'before', 5000);
      from.end();
      await sleep(200);
      expect(to.ending, 'the close is held').toBeUndefined();
      const removed = now();
      await h.api.removeToxic(proxy.name, 'lazy');
      const ending = await to.waitForEnding(1500);
      expect(ending.kind).toBe('end');
      expect(ending.at - removed).toBeLessThan(500);
    });
  });
});
