import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startToxiproxyServer } from '../../runner/toxiproxy/index.ts';
import {
  openToxiproxy,
  ToxiproxyUnreachableError,
  ToxiproxyUrlError,
  type OpenedToxiproxy,
} from '../../runner/toxiproxy-client/index.ts';

// Which server openToxiproxy picks: the URL given, else TOXIPROXY_URL, else an embedded one.

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const open = async (options: Parameters<typeof openToxiproxy>[0]): Promise<OpenedToxiproxy> => {
  const opened = await openToxiproxy(options);
  cleanups.push(() => opened.close());
  return opened;
};

const startServer = async (): Promise<string> => {
  const server = await startToxiproxyServer({ host: '127.0.0.1', port: 0 });
  cleanups.push(() => server.close());
  return server.url;
};

describe('openToxiproxy', () => {
  it('starts an embedded server on 127.0.0.1 when no server is named, and stops it on close', async () => {
    const opened = await openToxiproxy({ env: {} });
    expect(opened.embedded).toBe(true);
    expect(opened.url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
    await opened.client.createProxy({ name: 'db', listen: '127.0.0.1:0', upstream: '127.0.0.1:5432' });
    expect(Object.keys(await opened.client.listProxies())).toEqual(['db']);

    await opened.close();
    await opened.close(); // twice is harmless
    await expect(opened.client.version()).rejects.toBeInstanceOf(ToxiproxyUnreachableError);
  });

  it('treats an empty TOXIPROXY_URL as unset', async () => {
    expect((await open({ env: { TOXIPROXY_URL: '' } })).embedded).toBe(true);
  });

  it('uses TOXIPROXY_URL and leaves that server running on close', async () => {
    const url = await startServer();
    const opened = await open({ env: { TOXIPROXY_URL: `${url}/` } });
    expect(opened).toMatchObject({ url, embedded: false });
    await opened.close();
    expect(await opened.client.version()).toMatch(/^\d/);
  });

  it('prefers the url given over TOXIPROXY_URL', async () => {
    const url = await startServer();
    const opened = await open({ url, env: { TOXIPROXY_URL: 'http://127.0.0.1:1' } });
    expect(opened).toMatchObject({ url, embedded: false });
  });

  it('rejects a TOXIPROXY_URL that is not an http URL, naming the variable', async () => {
    const error = await openToxiproxy({ env: { TOXIPROXY_URL: 'localhost:8474' } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ToxiproxyUrlError);
    expect((error as Error).message).toBe(
      'TOXIPROXY_URL must start with http://: "localhost:8474" (expected http://host:port, e.g. http://127.0.0.1:8474)',
    );
  });

  it('passes the timeout on to the client', async () => {
    const silent = createServer(() => {});
    const sockets = new Set<Socket>();
    silent.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const opened = await open({ url, env: {}, timeoutMs: 150 });
    await expect(opened.client.version()).rejects.toMatchObject({ name: 'ToxiproxyTimeoutError', timeoutMs: 150 });
  });
});
