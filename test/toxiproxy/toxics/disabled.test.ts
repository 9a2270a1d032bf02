/**
 * A disabled proxy, Toxiproxy's "down" (toxiproxy-api.md §4.5): disabling
 * closes every live connection on both sides with FIN and stops listening
 * (new connects are refused); enabling listens again on the same address and
 * traffic flows. Toxics survive the round trip.
 */
import { describe, expect, it } from 'vitest';
import { connect, HangError, now, sleep } from '../../helpers/sockets.ts';
import { useToxicHarness } from '../../helpers/toxic-harness.ts';

/** The error code of a refused connect, or a description of what happened instead. */
const connectOutcome = async (port: number): Promise<string> => {
  try {
    const endpoint = await connect(port, { within: 2000 });
    endpoint.destroy();
    return 'connected';
  } catch (error) {
    if (error instanceof HangError) return error.message;
    return (error as NodeJS.ErrnoException).code ?? String(error);
  }
};

describe('disabled proxy (down)', () => {
  const h = useToxicHarness({ seed: 37 });

  it('closes live connections on both sides with FIN', async () => {
    const proxy = await h.proxy();
    const pairs = [await h.pair(proxy), await h.pair(proxy)];
    const disabled = now();
    await h.api.updateProxy(proxy.name, { enabled: false });
    for (const pair of pairs) {
      for (const endpoint of [pair.client, pair.server]) {
        const ending = await endpoint.waitForEnding(1000);
        expect(ending.kind, endpoint.describe()).toBe('end');
        expect(ending.at - disabled).toBeLessThan(500);
      }
    }
  });

  it('refuses new connections while disabled', async () => {
    const proxy = await h.proxy();
    await h.api.updateProxy(proxy.name, { enabled: false });
    expect(await connectOutcome(proxy.port)).toBe('ECONNREFUSED');
    expect(h.upstream.accepted.length, 'nothing reaches the upstream').toBe(0);
  });

  it('carries traffic again on the same port once re-enabled', async () => {
    const proxy = await h.proxy();
    await h.api.updateProxy(proxy.name, { enabled: false });
    const enabled = await h.api.updateProxy(proxy.name, { enabled: true });
    expect(enabled.listen).toBe(`127.0.0.1:${proxy.port}`);
    const pair = await h.pair(proxy);
    pair.client.write('up again');
    await pair.server.waitForBytes(8, 1000);
    pair.server.write('welcome back');
    await pair.client.waitForBytes(12, 1000);
    expect(pair.server.text).toBe('up again');
    expect(pair.client.text).toBe('welcome back');
  });

  it('keeps its toxics across disable and enable', async () => {
    const proxy = await h.proxy();
    await h.api.addToxic(proxy.name, { type: 'latency', stream: 'downstream', attributes: { latency: 300 } });
    await h.api.updateProxy(proxy.name, { enabled: false });
    await h.api.updateProxy(proxy.name, { enabled: true });
    const pair = await h.pair(proxy);
    const sent = pair.server.write('slow');
    await pair.client.waitForBytes(4, 2000);
    expect(pair.client.arrivalOfByte(3) - sent).toBeGreaterThanOrEqual(300 - 2);
  });

  it('closes connections held by a toxic too', async () => {
    const proxy = await h.proxy();
    await h.api.addToxic(proxy.name, { type: 'latency', stream: 'upstream', attributes: { latency: 5000 } });
    await h.api.addToxic(proxy.name, { type: 'bandwidth', stream: 'downstream', attributes: { rate: 0 } });
    const pair = await h.pair(proxy);
    pair.client.write('held');
    pair.server.write('stalled');
    // Let the proxy read both into its toxics: a socket closed with unread bytes sends RST.
    await sleep(100);
    await h.api.updateProxy(proxy.name, { enabled: false });
    for (const endpoint of [pair.client, pair.server]) {
      expect((await endpoint.waitForEnding(1500)).kind, endpoint.describe()).toBe('end');
    }
  });
});
