/**
 * No half-close (toxiproxy-api.md §4.3): a FIN from either peer tears down the
 * whole proxied connection, so a peer that answers after the other side's FIN
 * is never heard. Each case first shows, on a direct connection, that the
 * same exchange works without the proxy, so the check can fail.
 */
import { describe, expect, it } from 'vitest';
import { type Endpoint, sleep } from '../../helpers/sockets.ts';
import { type Pair, useToxicHarness } from '../../helpers/toxic-harness.ts';

/** The upstream answers `reply:<what it read>` only after the client's FIN. */
const replyAfterFin = (server: Endpoint): void => {
  server.socket.on('end', () => server.socket.end(`reply:${server.text}`));
};

/** The client answers `late` only after the upstream's FIN. */
const answerAfterFin = (client: Endpoint): void => {
  client.socket.on('end', () => client.socket.end('late'));
};

describe('no half-close through a proxy', () => {
  const h = useToxicHarness({ upstream: { allowHalfOpen: true } });

  const direct = async (): Promise<Pair> => {
    const accepted = h.upstream.nextAccepted();
    accepted.catch(() => undefined); // when the connect fails, that is the error to report
    const client = await h.client(h.upstream.port, { allowHalfOpen: true });
    return { client, server: await accepted };
  };

  it('a reply after the client FIN arrives on a direct connection (control)', async () => {
    const pair = await direct();
    replyAfterFin(pair.server);
    pair.client.write('hello');
    pair.client.end();
    await pair.client.waitForEnding(1000);
    expect(pair.client.text).toBe('reply:hello');
  });

  it('a client FIN tears down the whole proxied connection', async () => {
    const proxy = await h.proxy();
    const pair = await h.pair(proxy, { allowHalfOpen: true });
    replyAfterFin(pair.server);
    pair.client.write('hello');
    await pair.server.waitForBytes(5, 1000);
    pair.client.end();
    const ending = await pair.client.waitForEnding(1000);
    await sleep(200);
    expect(pair.server.text).toBe('hello');
    expect(pair.client.text, 'the upstream reply after the FIN must not get through').toBe('');
    expect(ending.kind).toBe('end');
  });

  it('an answer after the upstream FIN arrives on a direct connection (control)', async () => {
    const pair = await direct();
    answerAfterFin(pair.client);
    pair.server.write('bye');
    pair.server.end();
    await pair.server.waitForEnding(1000);
    expect(pair.server.text).toBe('late');
  });

  it('an upstream FIN tears down the whole proxied connection', async () => {
    const proxy = await h.proxy();
    const pair = await h.pair(proxy, { allowHalfOpen: true });
    answerAfterFin(pair.client);
    pair.server.write('bye');
    pair.server.end();
    const ending = await pair.server.waitForEnding(1000);
    await sleep(200);
    expect(pair.client.text).toBe('bye');
    expect(pair.server.text, 'the client answer after the FIN must not get through').toBe('');
    expect(ending.kind).toBe('end');
  });
});
