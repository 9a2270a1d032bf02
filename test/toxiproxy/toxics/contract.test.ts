/**
 * The contract every toxic keeps (toxiproxy-api.md §4.3, §4.4, §5, §6), for
 * each stream, on connections opened while the toxic exists and on connections
 * that were already open when it was added:
 * - removing it leaves the connection working and loses nothing it held
 *   (timeout excepted: removing it closes the connection);
 * - with toxicity 0 the data passes untouched and a close passes at once;
 * - with the toxic active, a close from the source still ends the connection.
 */
import { describe, expect, it } from 'vitest';
import { pattern, sleep } from '../../helpers/sockets.ts';
import { OPENINGS, type Opened, STREAMS, type Stream, type ToxicPair, useToxicHarness } from '../../helpers/toxic-harness.ts';

interface ToxicCase {
  type: string;
  /** Attributes under which the toxic visibly holds back, drops or closes. */
  strong: Record<string, number>;
  /** Attributes under which a close gets through within `closeDelay` ms. */
  mild: Record<string, number>;
  /** What happens to data written while the strong toxic is active. */
  whileActive: 'passes' | 'held' | 'dropped' | 'unsent';
  /** Removing the toxic ends the connection (timeout, §5.4). */
  closesOnRemove: boolean;
  /** How a close reaches the peer: RST only where reset_peer was in the chain when the connection opened (§4.6). */
  closeKind(opened: Opened): 'end' | 'reset';
  /** Ms the mild toxic may add to a close. */
  closeDelay: number;
}

const fin = (): 'end' => 'end';

const CASES: readonly ToxicCase[] = [
  { type: 'noop', strong: {}, mild: {}, whileActive: 'passes', closesOnRemove: false, closeKind: fin, closeDelay: 0 },
  // latency in ms: 5 s would hold 4000 bytes far past the test's waits.
  { type: 'latency', strong: { latency: 5000, jitter: 0 }, mild: { latency: 100, jitter: 0 }, whileActive: 'held', closesOnRemove: false, closeKind: fin, closeDelay: 100 },
  // rate in KB/s (1000 bytes): 4000 bytes at 1 KB/s take 4 s.
  { type: 'bandwidth', strong: { rate: 1 }, mild: { rate: 100 }, whileActive: 'held', closesOnRemove: false, closeKind: fin, closeDelay: 100 },
  // delay in ms before the close is passed on.
  { type: 'slow_close', strong: { delay: 5000 }, mild: { delay: 200 }, whileActive: 'passes', closesOnRemove: false, closeKind: fin, closeDelay: 200 },
  // timeout in ms; 0 drops data and never closes by itself.
  { type: 'timeout', strong: { timeout: 0 }, mild: { timeout: 2000 }, whileActive: 'dropped', closesOnRemove: true, closeKind: fin, closeDelay: 0 },
  // timeout in ms after the first data (or end of stream) before the reset.
  {
    type: 'reset_peer',
    strong: { timeout: 5000 },
    mild: { timeout: 100 },
    whileActive: 'unsent',
    closesOnRemove: false,
    closeKind: (opened) => (opened === 'before' ? 'reset' : 'end'),
    closeDelay: 100,
  },
  // sizes in bytes, delay in µs: 200 ms after each piece of at most 10 bytes.
  { type: 'slicer', strong: { average_size: 10, size_variation: 0, delay: 200_000 }, mild: { average_size: 10, size_variation: 0, delay: 1000 }, whileActive: 'held', closesOnRemove: false, closeKind: fin, closeDelay: 100 },
  // bytes: 4000 written while active pass; the 4000 after removal would cross the limit if it were still there.
  { type: 'limit_data', strong: { bytes: 4500 }, mild: { bytes: 4500 }, whileActive: 'passes', closesOnRemove: false, closeKind: fin, closeDelay: 0 },
];

/** Bytes written while the toxic is active, then after; together `pattern(2 * HALF)`. */
const HALF = 4000;
const first = pattern(HALF);
const second = pattern(HALF, HALF);

describe.each(CASES)('$type keeps the toxic contract', (toxic) => {
  const h = useToxicHarness({ seed: 7 });

  const setUp = (stream: Stream, opened: Opened, attributes: Record<string, number>, toxicity = 1): Promise<ToxicPair> =>
    h.toxicPair({ name: 'under_test', type: toxic.type, stream, toxicity, attributes }, opened);

  describe.each(STREAMS)('on the %s stream', (stream) => {
    describe.each(OPENINGS)('on a $title', ({ opened }) => {
      it(toxic.closesOnRemove ? 'closes the connection when removed' : 'keeps the connection and loses nothing when removed', async () => {
        const { proxy, pair, from, to } = await setUp(stream, opened, toxic.strong);

        if (toxic.whileActive !== 'unsent') {
          from.write(first);
          await sleep(300);
          const seen = to.received.length;
          if (toxic.whileActive === 'passes') await to.waitForBytes(HALF, 1000);
          if (toxic.whileActive === 'held') expect(seen, `${toxic.type} should hold data back while active`).toBeLessThan(HALF);
          if (toxic.whileActive === 'dropped') expect(seen, `${toxic.type} should drop data while active`).toBe(0);
        }

        await h.api.removeToxic(proxy.name, 'under_test');

        if (toxic.closesOnRemove) {
          expect((await to.waitForEnding(1000)).kind).toBe('end');
          expect((await from.waitForEnding(1000)).kind).toBe('end');
          expect(to.received.length, 'data the toxic dropped must stay dropped').toBe(0);
          return;
        }

        from.write(second);
        const expected = toxic.whileActive === 'unsent' ? second : Buffer.concat([first, second]);
        await to.waitForBytes(expected.length, 1500);
        await sleep(100);
        expect(to.received.equals(expected), `sink got ${to.received.length} bytes, expected exactly ${expected.length} in order`).toBe(true);
        expect(pair.client.ending, 'client connection must stay open').toBeUndefined();
        expect(pair.server.ending, 'upstream connection must stay open').toBeUndefined();
      });

      it('with toxicity 0 passes data untouched and a close at once', async () => {
        const { pair, from, to } = await setUp(stream, opened, toxic.strong, 0);
        const all = Buffer.concat([first, second]);

        from.write(all);
        await to.waitForBytes(all.length, 1000);
        const quiet = await to.quietFor(300);
        expect(quiet.ending, 'the connection must stay open').toBeUndefined();
        expect(to.received.equals(all), 'bytes must arrive unchanged and in order').toBe(true);

        from.end();
        const ending = await to.waitForEnding(1000);
        expect(ending.kind).toBe(toxic.closeKind(opened));
        await pair.client.waitForClose(1000);
        await pair.server.waitForClose(1000);
      });

      it('closes both sides when the source ends while it is active', async () => {
        const { pair, from, to } = await setUp(stream, opened, toxic.mild);
        const deadline = 1000 + toxic.closeDelay;

        from.end();
        const ending = await to.waitForEnding(deadline);
        expect(ending.kind).toBe(toxic.closeKind(opened));
        await pair.client.waitForClose(deadline);
        await pair.server.waitForClose(deadline);
      });
    });
  });

  it('closes the proxied connection when the client ends, whatever the stream', async () => {
    const proxy = await h.proxy();
    await h.api.addToxic(proxy.name, { type: toxic.type, stream: 'upstream', attributes: toxic.mild });
    await h.api.addToxic(proxy.name, { type: toxic.type, stream: 'downstream', attributes: toxic.mild });
    const pair = await h.pair(proxy);

    pair.client.end();
    await pair.server.waitForEnding(1000 + toxic.closeDelay);
    await pair.client.waitForClose(1000 + 2 * toxic.closeDelay);
    await pair.server.waitForClose(1000 + 2 * toxic.closeDelay);
  });
});
