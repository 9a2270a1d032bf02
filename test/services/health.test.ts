import http from 'node:http';
import net from 'node:net';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { checkHealth, isHealthy } from '../../runner/services/index.ts';
import { freePort, healthAt } from './fixtures.ts';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** An HTTP server on 127.0.0.1:0 answering every request with `status`. */
async function answering(status: number): Promise<number> {
  const server = http.createServer((_req, res) => res.writeHead(status).end('body'));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return (server.address() as net.AddressInfo).port;
}

/** A TCP server that accepts and never answers. */
async function silent(): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => sockets.add(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return (server.address() as net.AddressInfo).port;
}

describe('checkHealth', () => {
  it('passes any 2xx when no status is given', async () => {
    const port = await answering(204);
    expect(await checkHealth(healthAt(port))).toEqual({ healthy: true, status: 204 });
    expect(await isHealthy(healthAt(port))).toBe(true);
  });

  it('fails another status, naming what was expected', async () => {
    const port = await answering(503);
    expect(await checkHealth(healthAt(port))).toEqual({
      healthy: false,
      status: 503,
      error: `GET http://127.0.0.1:${port}/health answered 503 (expected any 2xx)`,
    });
    expect(await checkHealth(healthAt(port, { status: [200, 201] }))).toMatchObject({ healthy: false, error: expect.stringContaining('(expected 200 or 201)') });
    expect(await checkHealth(healthAt(port, { status: 503 }))).toEqual({ healthy: true, status: 503 });
  });

  it('reports a refused connection without a status', async () => {
    const port = await freePort();
    const result = await checkHealth(healthAt(port));
    expect(result).toEqual({ healthy: false, error: `GET http://127.0.0.1:${port}/health: connect ECONNREFUSED 127.0.0.1:${port}` });
    expect(await isHealthy(healthAt(port))).toBe(false);
  });

  it('gives up after health.timeout when nothing answers', async () => {
    const port = await silent();
    const result = await checkHealth(healthAt(port, { timeout: 200 }));
    expect(result).toEqual({ healthy: false, error: `GET http://127.0.0.1:${port}/health: no answer within 200 ms` });
  });

  it('stops at once when its signal aborts', async () => {
    const port = await silent();
    const abort = new AbortController();
    const pending = checkHealth(healthAt(port, { timeout: 10_000 }), { signal: abort.signal });
    abort.abort();
    expect(await pending).toEqual({ healthy: false, error: `GET http://127.0.0.1:${port}/health: aborted` });
  });
});
