/**
 * The socket helpers the toxic suite relies on, checked without a proxy: an
 * endpoint must tell FIN from RST, time its reads, and every wait must fail
 * with a clear message instead of hanging.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { connect, type Endpoint, HangError, now, pattern, sendThenClose, sleep, startUpstream, type Upstream, withDeadline } from '../../helpers/sockets.ts';

describe('socket helpers', () => {
  const open: Array<Upstream | Endpoint> = [];
  const track = <T extends Upstream | Endpoint>(thing: T): T => {
    open.push(thing);
    return thing;
  };
  afterEach(async () => {
    for (const thing of open.splice(0).reverse()) {
      if ('destroy' in thing) thing.destroy();
      else await thing.close();
    }
  });

  it('sees a FIN as `end`', async () => {
    const upstream = track(await startUpstream());
    const client = track(await connect(upstream.port));
    (await upstream.nextAccepted()).end();
    expect((await client.waitForEnding(1000)).kind).toBe('end');
    await client.waitForClose(1000);
  });

  it('sees an RST as `reset`', async () => {
    const upstream = track(await startUpstream());
    const client = track(await connect(upstream.port));
    (await upstream.nextAccepted()).socket.resetAndDestroy();
    const ending = await client.waitForEnding(1000);
    expect(ending.kind).toBe('reset');
    expect(ending.code).toBe('ECONNRESET');
  });

  it('records each read with its time, and what a scripted upstream sent', async () => {
    const upstream = track(await startUpstream({ script: sendThenClose(100_000) }));
    const client = track(await connect(upstream.port));
    await client.waitForEnding(2000);
    expect(client.received.equals(pattern(100_000))).toBe(true);
    expect(client.arrivals.length).toBeGreaterThan(0);
    expect(client.arrivalOfByte(99_999)).toBeLessThanOrEqual(now());
    expect(() => client.arrivalOfByte(100_000)).toThrow(/byte 100000 has not arrived/);
  });

  it('times a delayed write from the write to the arrival', async () => {
    const upstream = track(await startUpstream());
    const client = track(await connect(upstream.port));
    const server = await upstream.nextAccepted();
    await sleep(50);
    const sent = server.write('ping');
    await client.waitForBytes(4, 1000);
    const delay = client.arrivalOfByte(3) - sent;
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThan(100);
  });

  it('fails a wait past its deadline with what was awaited and what happened', async () => {
    const upstream = track(await startUpstream());
    const client = track(await connect(upstream.port));
    (await upstream.nextAccepted()).write('abc');
    await client.waitForBytes(3, 1000);
    const error = await client.waitForBytes(10, 100).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HangError);
    expect((error as Error).message).toBe('client: no 10 bytes within 100 ms (client: 3 bytes in 1 reads, still open)');
    await expect(withDeadline(new Promise(() => {}), 50, 'answer')).rejects.toThrow('no answer within 50 ms');
  });

  it('reports a refused connect by its code', async () => {
    const upstream = await startUpstream();
    const port = upstream.port;
    await upstream.close();
    await expect(connect(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('reports quiet periods and endings that happen during them', async () => {
    const upstream = track(await startUpstream());
    const client = track(await connect(upstream.port));
    const server = await upstream.nextAccepted();
    expect(await client.quietFor(50)).toEqual({ bytes: 0, ending: undefined });
    setTimeout(() => server.socket.end('x'), 10);
    const noisy = await client.quietFor(150);
    expect(noisy.bytes).toBe(1);
    expect(noisy.ending?.kind).toBe('end');
  });
});
