/**
 * reset_peer: `{timeout: ms}` (toxiproxy-api.md §5.5, §4.6). Nothing happens
 * until the first data in its direction; that data is discarded and, after
 * `timeout` ms, the connection is closed: with RST (ECONNRESET) on connections
 * opened while the toxic existed, with FIN on connections that were already
 * open. A connection opened under reset_peer closes with RST from then on,
 * even after the toxic is removed or when it lost its toxicity roll.
 */
import { describe, expect, it } from 'vitest';
import { type Endpoint, sleep } from '../../helpers/sockets.ts';
import { type Opened, type Pair, STREAMS, type Stream, type ToxicPair, useToxicHarness } from '../../helpers/toxic-harness.ts';

const TIMEOUT = 300;

const expectEnded = async (pair: Pair, kind: 'end' | 'reset', within: number): Promise<Map<Endpoint, number>> => {
  const times = new Map<Endpoint, number>();
  for (const endpoint of [pair.client, pair.server]) {
    const ending = await endpoint.waitForEnding(within);
    expect(ending.kind, `${endpoint.describe()}`).toBe(kind);
    times.set(endpoint, ending.at);
  }
  return times;
};

describe('reset_peer toxic', () => {
  const h = useToxicHarness({ seed: 23 });

  /** `timeout` in ms. */
  const setUp = (stream: Stream, opened: Opened, timeout: number, toxicity = 1): Promise<ToxicPair> =>
    h.toxicPair({ name: 'rst', type: 'reset_peer', stream, toxicity, attributes: { timeout } }, opened);

  describe.each(STREAMS)('on the %s stream', (stream) => {
    it('does nothing to an idle connection', async () => {
      const { pair } = await setUp(stream, 'before', 0);
      await sleep(400);
      expect(pair.client.ending, pair.client.describe()).toBeUndefined();
      expect(pair.server.ending, pair.server.describe()).toBeUndefined();
    });

    it(`resets a new connection ${TIMEOUT} ms after the first data, which is discarded`, async () => {
      const { pair, from, to } = await setUp(stream, 'before', TIMEOUT);
      const sent = from.write('trigger');
      const times = await expectEnded(pair, 'reset', TIMEOUT + 1500);
      for (const at of times.values()) {
        expect(at - sent).toBeGreaterThanOrEqual(TIMEOUT - 2);
        expect(at - sent).toBeLessThan(TIMEOUT * 2);
      }
      expect(to.received.length, 'the triggering data is discarded').toBe(0);
    });

    it('resets a new connection at once with timeout 0', async () => {
      const { pair, from } = await setUp(stream, 'before', 0);
      const sent = from.write('trigger');
      const times = await expectEnded(pair, 'reset', 1500);
      for (const at of times.values()) expect(at - sent).toBeLessThan(300);
    });

    it(`closes an already open connection with FIN ${TIMEOUT} ms after the first data`, async () => {
      const { pair, from, to } = await setUp(stream, 'after', TIMEOUT);
      const sent = from.write('trigger');
      const times = await expectEnded(pair, 'end', TIMEOUT + 1500);
      for (const at of times.values()) {
        expect(at - sent).toBeGreaterThanOrEqual(TIMEOUT - 2);
        expect(at - sent).toBeLessThan(TIMEOUT * 2);
      }
      expect(to.received.length, 'the triggering data is discarded').toBe(0);
    });

    it('leaves a connection opened under it closing with RST after it is removed', async () => {
      const { proxy, pair, from, to } = await setUp(stream, 'before', 5000);
      await h.api.removeToxic(proxy.name, 'rst');
      from.write('flows');
      await to.waitForBytes(5, 1000);
      expect(to.text).toBe('flows');
      pair.server.end();
      expect((await pair.client.waitForEnding(1500)).kind).toBe('reset');
    });

    it('makes a connection opened under it close with RST even when it lost its toxicity roll', async () => {
      const { pair, from, to } = await setUp(stream, 'before', 0, 0);
      from.write('flows');
      await to.waitForBytes(5, 1000);
      expect(to.text).toBe('flows');
      pair.server.end();
      expect((await pair.client.waitForEnding(1500)).kind).toBe('reset');
    });

    it('closes a connection opened without it with FIN after it is added and removed', async () => {
      const { proxy, pair, from, to } = await setUp(stream, 'after', 5000);
      await h.api.removeToxic(proxy.name, 'rst');
      from.write('flows');
      await to.waitForBytes(5, 1000);
      pair.server.end();
      expect((await pair.client.waitForEnding(1500)).kind).toBe('end');
    });
  });
});
