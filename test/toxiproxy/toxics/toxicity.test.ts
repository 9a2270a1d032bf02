/**
 * Toxicity (toxiproxy-api.md §6): the chance a toxic is active on a link (one
 * connection, one direction), drawn when its stage starts on that link, not
 * per chunk; drawn again when the toxic is updated, not when a toxic is added
 * in the other direction. The server's `seed` makes the draws reproducible.
 * A latency toxic of 500 ms makes the draw visible: each chunk is either
 * delayed >= 500 ms (affected) or passes in well under 250 ms.
 */
import { describe, expect, it } from 'vitest';
import { startToxiproxyServer } from '../../../runner/toxiproxy/index.ts';
import { connect, type Endpoint, sleep, startUpstream, type Upstream, withDeadline } from '../../helpers/sockets.ts';
import { type Pair, ToxiproxyApi, useToxicHarness } from '../../helpers/toxic-harness.ts';

const SEED = 42;
const CONNECTIONS = 40;
const LATENCY = 500;
const TOXIC = { name: 'maybe', type: 'latency', stream: 'downstream', toxicity: 0.5, attributes: { latency: LATENCY } } as const;

/** Opens `count` connections one after another, so the draws happen in a fixed order. */
const openPairs = async (port: number, upstream: Upstream, count: number, track: (e: Endpoint) => void): Promise<Pair[]> => {
  const pairs: Pair[] = [];
  for (let i = 0; i < count; i++) {
    const accepted = upstream.nextAccepted();
    accepted.catch(() => undefined); // when the connect fails, that is the error to report
    const client = await connect(port);
    track(client);
    pairs.push({ client, server: await accepted });
  }
  return pairs;
};

/**
 * Sends two chunks downstream on every connection, 100 ms apart, and tells
 * for each connection whether the toxic delayed them; fails on a connection
 * where one chunk was delayed and the other not, or on a delay in between.
 */
const affectedLinks = async (pairs: Pair[]): Promise<boolean[]> => {
  const sends = pairs.map(() => [0, 0]);
  const offset = pairs.map((pair) => pair.client.received.length);
  for (let round = 0; round < 2; round++) {
    pairs.forEach((pair, i) => (sends[i]![round] = pair.server.write('x')));
    if (round === 0) await sleep(100);
  }
  await Promise.all(pairs.map((pair, i) => pair.client.waitForBytes(offset[i]! + 2, LATENCY + 2500)));
  return pairs.map((pair, i) => {
    const delays = [0, 1].map((round) => pair.client.arrivalOfByte(offset[i]! + round) - sends[i]![round]!);
    const classes = delays.map((delay) => {
      if (delay >= LATENCY - 2) return true;
      if (delay < LATENCY / 2) return false;
      throw new Error(`connection ${i + 1}: delay ${Math.round(delay)} ms is neither ~0 nor >= ${LATENCY} ms`);
    });
    expect(classes[0], `connection ${i + 1} mixed within itself: delays ${delays.map(Math.round).join(', ')} ms`).toBe(classes[1]);
    return classes[0]!;
  });
};

const flips = (a: boolean[], b: boolean[]): number => a.filter((x, i) => x !== b[i]).length;
const show = (pattern: boolean[]): string => pattern.map((x) => (x ? 'X' : '.')).join('');

describe('toxicity', () => {
  const h = useToxicHarness({ seed: SEED });
  const clients: Endpoint[] = [];
  const track = (e: Endpoint): void => void clients.push(e);
  const closeClients = (): void => clients.splice(0).forEach((c) => c.destroy());

  const setUp = async (): Promise<{ proxy: string; pairs: Pair[] }> => {
    const proxy = await h.proxy();
    await h.api.addToxic(proxy.name, TOXIC);
    return { proxy: proxy.name, pairs: await openPairs(proxy.port, h.upstream, CONNECTIONS, track) };
  };

  it('is decided per connection: some affected, some not, none mixed, stable between measurements', async () => {
    try {
      const { pairs } = await setUp();
      const first = await affectedLinks(pairs);
      const affected = first.filter(Boolean).length;
      expect(affected, `pattern ${show(first)}`).toBeGreaterThanOrEqual(5);
      expect(affected, `pattern ${show(first)}`).toBeLessThanOrEqual(CONNECTIONS - 5);
      const second = await affectedLinks(pairs);
      expect(show(second), 'no change to the toxic, so no new draw').toBe(show(first));
    } finally {
      closeClients();
    }
  });

  it('draws again on every connection when the toxic is updated, not when a toxic is added in the other direction', async () => {
    try {
      const { proxy, pairs } = await setUp();
      const before = await affectedLinks(pairs);
      await h.api.addToxic(proxy, { type: 'noop', stream: 'upstream' });
      const otherDirection = await affectedLinks(pairs);
      expect(show(otherDirection), 'a toxic in the other direction must not re-draw').toBe(show(before));
      await h.api.updateToxic(proxy, TOXIC.name, { toxicity: 0.5 });
      const after = await affectedLinks(pairs);
      expect(flips(before, after), `before ${show(before)}, after update ${show(after)}`).toBeGreaterThan(0);
    } finally {
      closeClients();
    }
  });

  it('draws again when a toxic is added right after it in the same direction (§4.4: its stage restarts)', async () => {
    try {
      const { proxy, pairs } = await setUp();
      const before = await affectedLinks(pairs);
      await h.api.addToxic(proxy, { type: 'noop', stream: 'downstream' });
      const after = await affectedLinks(pairs);
      expect(flips(before, after), `before ${show(before)}, after adding noop downstream ${show(after)}`).toBeGreaterThan(0);
    } finally {
      closeClients();
    }
  });

  it('gives the same pattern for the same seed', async () => {
    const upstream = await startUpstream();
    const other = await withDeadline(startToxiproxyServer({ host: '127.0.0.1', port: 0, seed: SEED }), 5000, 'second server start');
    try {
      const { pairs } = await setUp();
      const api = new ToxiproxyApi(other.url);
      const created = await api.createProxy({ name: 'proxy1', listen: '127.0.0.1:0', upstream: `127.0.0.1:${upstream.port}` });
      await api.addToxic('proxy1', TOXIC);
      const port = Number(created.listen.slice(created.listen.lastIndexOf(':') + 1));
      const otherPairs = await openPairs(port, upstream, CONNECTIONS, track);
      const [mine, theirs] = await Promise.all([affectedLinks(pairs), affectedLinks(otherPairs)]);
      expect(show(theirs)).toBe(show(mine));
    } finally {
      closeClients();
      await upstream.close();
      await withDeadline(other.close(), 5000, 'second server close');
    }
  });

  it('with toxicity 1 affects every connection and with 0 none', async () => {
    try {
      const proxy = await h.proxy();
      await h.api.addToxic(proxy.name, { ...TOXIC, toxicity: 1 });
      const pairs = await openPairs(proxy.port, h.upstream, 10, track);
      expect(show(await affectedLinks(pairs))).toBe('X'.repeat(10));
      await h.api.updateToxic(proxy.name, TOXIC.name, { toxicity: 0 });
      expect(show(await affectedLinks(pairs))).toBe('.'.repeat(10));
    } finally {
      closeClients();
    }
  });
});
