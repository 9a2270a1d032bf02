/**
 * The connection model around the toxics (toxiproxy-api.md §3.6, §3.8, §4.1):
 * a failed upstream dial closes the accepted client with FIN; deleting a proxy
 * closes its connections with FIN; /reset strips toxics from live connections
 * without closing them; connections are independent of each other.
 */
import { describe, expect, it } from 'vitest';
import { now, sleep, startUpstream } from '../../helpers/sockets.ts';
import { useToxicHarness } from '../../helpers/toxic-harness.ts';

describe('proxied connections', () => {
  const h = useToxicHarness({ seed: 41 });

  it('closes the client at once with FIN when the upstream refuses', async () => {
    const gone = await startUpstream();
    const port = gone.port;
    await gone.close();
    const created = await h.api.createProxy({ name: 'dead_end', listen: '127.0.0.1:0', upstream: `127.0.0.1:${port}` });
    const client = await h.client(Number(created.listen.split(':').pop()));
    const connected = now();
    const ending = await client.waitForEnding(1000);
    expect(ending.kind, client.describe()).toBe('end');
    expect(ending.at - connected).toBeLessThan(500);
  });

  it('closes live connections on both sides with FIN when the proxy is deleted', async () => {
    const proxy = await h.proxy();
    const pair = await h.pair(proxy);
    await h.api.deleteProxy(proxy.name);
    for (const endpoint of [pair.client, pair.server]) {
      expect((await endpoint.waitForEnding(1000)).kind, endpoint.describe()).toBe('end');
    }
  });

  it('strips toxics from live connections on /reset without closing them', async () => {
    const proxy = await h.proxy();
    await h.api.addToxic(proxy.name, { type: 'latency', stream: 'downstream', attributes: { latency: 5000 } });
    const pair = await h.pair(proxy);
    pair.server.write('held');
    await sleep(200);
    await h.api.reset();
    await pair.client.waitForBytes(4, 1000);
    const sent = pair.server.write('fast');
    await pair.client.waitForBytes(8, 1000);
    expect(pair.client.arrivalOfByte(7) - sent).toBeLessThan(150);
    expect(pair.client.text).toBe('heldfast');
    expect(pair.client.ending).toBeUndefined();
    expect(pair.server.ending).toBeUndefined();
  });

  it('keeps other connections untouched when one closes', async () => {
    const proxy = await h.proxy();
    const first = await h.pair(proxy);
    const second = await h.pair(proxy);
    first.client.end();
    await first.server.waitForEnding(1000);
    second.client.write('still here');
    await second.server.waitForBytes(10, 1000);
    expect(second.server.text).toBe('still here');
    expect(second.client.ending).toBeUndefined();
  });

  it('carries a large transfer both ways at once without loss', async () => {
    const proxy = await h.proxy();
    const pair = await h.pair(proxy);
    const up = Buffer.alloc(2_000_000, 'u');
    const down = Buffer.alloc(2_000_000, 'd');
    pair.client.write(up);
    pair.server.write(down);
    await pair.server.waitForBytes(up.length, 5000);
    await pair.client.waitForBytes(down.length, 5000);
    expect(pair.server.received.equals(up)).toBe(true);
    expect(pair.client.received.equals(down)).toBe(true);
  });
});
