import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../runner/errors.ts';
import {
  createToxiproxyClient,
  ToxiproxyHttpError,
  ToxiproxyResponseError,
  ToxiproxyTimeoutError,
  ToxiproxyUnreachableError,
} from '../../runner/toxiproxy-client/index.ts';

// How the client fails against servers that are not there, never answer or answer wrongly.

const servers: (Server | HttpServer)[] = [];
const sockets = new Set<Socket>();
afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

const listen = async <S extends Server | HttpServer>(server: S): Promise<string> => {
  servers.push(server);
  server.on('connection', (socket: Socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/** A port nothing listens on: bound once to learn a free number, then closed. */
const closedPort = async (): Promise<string> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
};

/** An HTTP server answering every request with `status` and `body`. */
const answering = (status: number, body: string, contentType = 'text/plain; charset=utf-8'): Promise<string> =>
  listen(
    createHttpServer((_request, response) => {
      response.writeHead(status, { 'content-type': contentType });
      response.end(body);
    }),
  );

describe('toxiproxy client failures', () => {
  it('names the address and says "connection refused" when nothing listens', async () => {
    const url = await closedPort();
    const client = createToxiproxyClient({ url });
    const error = await client.listProxies().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ToxiproxyUnreachableError);
    expect((error as Error).message).toBe(
      `cannot reach Toxiproxy at ${url}: connection refused — is it running? (set TOXIPROXY_URL or toxiproxy: in the experiment)`,
    );
    expect((error as ToxiproxyUnreachableError).exitCode).toBe(ExitCode.unavailable);
  });

  it('gives up after the timeout when the server takes the connection but never answers', async () => {
    const url = await listen(createServer(() => {}));
    const client = createToxiproxyClient({ url, timeoutMs: 200 });
    const started = performance.now();
    const error = await client.version().catch((caught: unknown) => caught);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(ToxiproxyTimeoutError);
    expect((error as Error).message).toMatch(
      new RegExp(`^Toxiproxy at ${url} did not answer GET /version within 200 ms`),
    );
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(5_000);
  });

  it('times out a body that starts but never ends', async () => {
    const url = await listen(
      createHttpServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"db":');
      }),
    );
    const client = createToxiproxyClient({ url, timeoutMs: 200 });
    await expect(client.listProxies()).rejects.toBeInstanceOf(ToxiproxyTimeoutError);
  });

  it('carries the status and the `error` text of an error answer', async () => {
    const url = await answering(409, '{"error":"proxy already exists","status":409}\n');
    const client = createToxiproxyClient({ url });
    const error = (await client
      .createProxy({ name: 'db', upstream: '127.0.0.1:5432' })
      .catch((caught: unknown) => caught)) as ToxiproxyHttpError;
    expect(error).toBeInstanceOf(ToxiproxyHttpError);
    expect(error).toMatchObject({ status: 409, serverMessage: 'proxy already exists', request: 'POST /proxies' });
    expect(error.message).toBe(`Toxiproxy at ${url} refused POST /proxies: proxy already exists (HTTP 409)`);
  });

  it('quotes a plain-text error body', async () => {
    const url = await answering(404, '404 page not found\n');
    const client = createToxiproxyClient({ url });
    await expect(client.getProxy('a/b')).rejects.toMatchObject({
      status: 404,
      serverMessage: '"404 page not found"',
      request: 'GET /proxies/a%2Fb',
    });
  });

  it('rejects a 2xx body that is not the expected Toxiproxy object', async () => {
    const url = await answering(200, '{"name":"db"}', 'application/json');
    const client = createToxiproxyClient({ url });
    const error = await client.getProxy('db').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ToxiproxyResponseError);
    expect((error as Error).message).toMatch(/^Toxiproxy at .* answered GET \/proxies\/db with an unexpected body: listen: /);
  });

  it('rejects a 2xx body that is not JSON', async () => {
    const url = await answering(200, '<html>hello</html>', 'text/html');
    const client = createToxiproxyClient({ url });
    await expect(client.listProxies()).rejects.toThrow(/unexpected body: not JSON: "<html>hello<\/html>"/);
  });

  it('reads both /version forms: JSON (2.7+) and plain text (before 2.6)', async () => {
    const json = createToxiproxyClient({ url: await answering(200, '{"version": "2.12.0"}\n') });
    expect(await json.version()).toBe('2.12.0');
    const plain = createToxiproxyClient({ url: await answering(200, '2.1.4') });
    expect(await plain.version()).toBe('2.1.4');
  });

  it('refuses a timeout that is not a positive number of milliseconds', () => {
    expect(() => createToxiproxyClient({ url: 'http://127.0.0.1:8474', timeoutMs: 0 })).toThrow(RangeError);
  });
});
