/**
 * latency: `{latency: ms, jitter: ms}` (toxiproxy-api.md §5.1). Each chunk is
 * released at its own arrival + latency (± jitter), pipelined; stacked
 * toxics add; removing or updating the toxic releases what it holds at once.
 * Bounds: at least the latency (less 2 ms of timer rounding) and well below twice it.
 */
import { describe, expect, it } from 'vitest';
import { now, sleep } from '../../helpers/sockets.ts';
import { OPENINGS, type Opened, sink, source, STREAMS, type Stream, type ToxicPair, useToxicHarness } from '../../helpers/toxic-harness.ts';

const LATENCY = 300;
const EARLY = 2;
const atLeast = (ms: number): number => ms - EARLY;
const wellBelowTwice = (ms: number): number => ms * 1.7;

describe('latency toxic', () => {
  const h = useToxicHarness({ seed: 11 });

  const setUp = (stream: Stream, opened: Opened, attributes: Record<string, number>): Promise<ToxicPair> =>
    h.toxicPair({ name: 'lag', type: 'latency', stream, attributes }, opened);

  describe.each(STREAMS)('on the %s stream', (stream) => {
    describe.each(OPENINGS)('on a $title', ({ opened }) => {
      it(`delays a chunk by ${LATENCY} ms`, async () => {
        const { from, to } = await setUp(stream, opened, { latency: LATENCY, jitter: 0 });
        const sent = from.write('ping');
        await to.waitForBytes(4, 3000);
        const delay = to.arrivalOfByte(3) - sent;
        expect(delay).toBeGreaterThanOrEqual(atLeast(LATENCY));
        expect(delay).toBeLessThan(wellBelowTwice(LATENCY));
      });

      it('pipelines chunks: each is delayed from its own arrival, not queued behind the previous delay', async () => {
        const { from, to } = await setUp(stream, opened, { latency: LATENCY, jitter: 0 });
        const sends: number[] = [];
        const chunk = 'chunk-';
        for (let i = 0; i < 6; i++) {
          sends.push(from.write(chunk));
          await sleep(40);
        }
        await to.waitForBytes(6 * chunk.length, 4000);
        const delays = sends.map((sent, i) => to.arrivalOfByte((i + 1) * chunk.length - 1) - sent);
        for (const delay of delays) {
          expect(delay).toBeGreaterThanOrEqual(atLeast(LATENCY));
          expect(delay, `per-chunk delays were ${delays.map(Math.round).join(', ')} ms`).toBeLessThan(wellBelowTwice(LATENCY));
        }
        // Queued delays would spread the arrivals about 5 x 300 ms wider than the sends.
        const arrivalSpan = to.arrivalOfByte(6 * chunk.length - 1) - to.arrivalOfByte(chunk.length - 1);
        const sendSpan = sends[5]! - sends[0]!;
        expect(arrivalSpan - sendSpan, `arrivals spread ${Math.round(arrivalSpan)} ms, sends ${Math.round(sendSpan)} ms`).toBeLessThan(LATENCY);
      });

      it('releases the chunk it holds at once when removed', async () => {
        const { proxy, from, to } = await setUp(stream, opened, { latency: 5000, jitter: 0 });
        from.write('held');
        await sleep(200);
        expect(to.received.length).toBe(0);
        const removed = now();
        await h.api.removeToxic(proxy.name, 'lag');
        await to.waitForBytes(4, 1000);
        expect(to.arrivalOfByte(3) - removed).toBeLessThan(500);
      });
    });

    it('releases the held chunk at once when updated, and applies the new latency after', async () => {
      const { proxy, from, to } = await setUp(stream, 'after', { latency: 5000, jitter: 0 });
      from.write('held');
      await sleep(200);
      const updated = now();
      await h.api.updateToxic(proxy.name, 'lag', { attributes: { latency: 100 } });
      await to.waitForBytes(4, 1000);
      expect(to.arrivalOfByte(3) - updated).toBeLessThan(500);
      const sent = from.write('next');
      await to.waitForBytes(8, 2000);
      const delay = to.arrivalOfByte(7) - sent;
      expect(delay).toBeGreaterThanOrEqual(atLeast(100));
      expect(delay).toBeLessThan(wellBelowTwice(100) + 100);
    });

    it('releases the held chunk when a toxic is added after it on the stream (§5.1: a neighbour change pauses it)', async () => {
      const { proxy, from, to } = await setUp(stream, 'after', { latency: 5000, jitter: 0 });
      from.write('held');
      await sleep(200);
      const added = now();
      await h.api.addToxic(proxy.name, { type: 'noop', stream });
      await to.waitForBytes(4, 1500);
      expect(to.arrivalOfByte(3) - added).toBeLessThan(500);
    });

    it('adds up when two latency toxics are stacked on the stream', async () => {
      const proxy = await h.proxy();
      await h.api.addToxic(proxy.name, { name: 'first', type: 'latency', stream, attributes: { latency: 150 } });
      await h.api.addToxic(proxy.name, { name: 'second', type: 'latency', stream, attributes: { latency: 200 } });
      const pair = await h.pair(proxy);
      const sent = source(pair, stream).write('x');
      await sink(pair, stream).waitForBytes(1, 3000);
      const delay = sink(pair, stream).arrivalOfByte(0) - sent;
      expect(delay).toBeGreaterThanOrEqual(atLeast(350));
      expect(delay).toBeLessThan(wellBelowTwice(350));
    });

    it('spreads delays with jitter, each within latency ± jitter', async () => {
      const { from, to } = await setUp(stream, 'before', { latency: 250, jitter: 150 });
      const sends: number[] = [];
      for (let i = 0; i < 10; i++) {
        sends.push(from.write('j'));
        await sleep(40);
      }
      await to.waitForBytes(10, 4000);
      const delays = sends.map((sent, i) => to.arrivalOfByte(i) - sent);
      const shown = delays.map(Math.round).join(', ');
      for (const delay of delays) {
        expect(delay, `delays ${shown}`).toBeGreaterThanOrEqual(atLeast(100));
        expect(delay, `delays ${shown}`).toBeLessThan(400 + 200);
      }
      expect(Math.max(...delays) - Math.min(...delays), `jitter ignored? delays ${shown}`).toBeGreaterThan(40);
    });

    it('passes the close right behind the delayed data, never before it', async () => {
      const { from, to } = await setUp(stream, 'before', { latency: LATENCY, jitter: 0 });
      from.write('last words');
      const ended = from.end();
      const ending = await to.waitForEnding(3000);
      expect(to.text, 'the close must not overtake held data').toBe('last words');
      expect(ending.kind).toBe('end');
      expect(ending.at - ended).toBeGreaterThanOrEqual(atLeast(LATENCY));
      expect(ending.at - to.arrivalOfByte(9)).toBeLessThan(150);
    });
  });

  it('does not delay connection setup', async () => {
    const proxy = await h.proxy();
    await h.api.addToxic(proxy.name, { type: 'latency', stream: 'upstream', attributes: { latency: 1000 } });
    await h.api.addToxic(proxy.name, { type: 'latency', stream: 'downstream', attributes: { latency: 1000 } });
    const started = now();
    const accepted = h.upstream.nextAccepted();
    accepted.catch(() => undefined); // when the connect fails, that is the error to report
    await h.client(proxy.port, { within: 3000 });
    await accepted;
    expect(now() - started).toBeLessThan(500);
  });

  it('delays a round trip through an echo by the sum of both directions', async () => {
    const proxy = await h.proxy();
    await h.api.addToxic(proxy.name, { type: 'latency', stream: 'upstream', attributes: { latency: 100 } });
    await h.api.addToxic(proxy.name, { type: 'latency', stream: 'downstream', attributes: { latency: 150 } });
    const pair = await h.pair(proxy);
    pair.server.socket.on('data', (data: Buffer) => pair.server.socket.write(data));
    const sent = pair.client.write('echo');
    await pair.client.waitForBytes(4, 3000);
    const roundTrip = pair.client.arrivalOfByte(3) - sent;
    expect(roundTrip).toBeGreaterThanOrEqual(atLeast(250));
    expect(roundTrip).toBeLessThan(wellBelowTwice(250));
  });
});
