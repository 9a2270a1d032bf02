import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UnavailableError } from '../errors.ts';
import { splitAddress } from './address.ts';
import type { KillSwitch } from './kill-switch.ts';

/**
 * The kill switch over HTTP, on the address the schedule names:
 * - `POST /stop` pulls it (stops the running drill and every start after);
 * - `POST /resume` clears that (409 while the kill switch file exists);
 * - `GET /status` says whether it is pulled, what runs, what starts next.
 * `?by=NAME` says who, for the log (default: the caller's address). There
 * is no token: bind it to loopback, or to an address only operators reach.
 * Answers are JSON.
 */

export interface KillSwitchServer {
  url: string;
  close(): Promise<void>;
}

const ROUTES: Readonly<Record<string, 'GET' | 'POST'>> = { '/stop': 'POST', '/resume': 'POST', '/status': 'GET' };

export const startKillSwitchServer = async (
  address: string,
  killSwitch: KillSwitch,
  status: () => Record<string, unknown>,
): Promise<KillSwitchServer> => {
  const { host, port } = splitAddress(address);
  const route = (req: IncomingMessage): { code: number; body: unknown } => {
    const url = new URL(req.url ?? '/', 'http://kill-switch');
    const method = ROUTES[url.pathname];
    if (method === undefined) return { code: 404, body: { error: `no such endpoint ${url.pathname} (expected POST /stop, POST /resume or GET /status)` } };
    if (req.method !== method) return { code: 405, body: { error: `${url.pathname} takes ${method}, not ${req.method ?? 'no method'}` } };
    const by = url.searchParams.get('by') ?? `POST ${url.pathname} from ${req.socket.remoteAddress ?? 'an unknown address'}`;
    if (url.pathname === '/stop') {
      killSwitch.pull(by);
      return { code: 200, body: status() };
    }
    if (url.pathname === '/resume') {
      const resumed = killSwitch.resume(by);
      return resumed.ok ? { code: 200, body: status() } : { code: 409, body: { error: resumed.why } };
    }
    return { code: 200, body: status() };
  };

  const server = createServer((req, res) => {
    // The body means nothing here; it is read so the connection can be reused.
    req.resume();
    req.on('end', () => {
      try {
        const { code, body } = route(req);
        send(res, code, body);
      } catch (error) {
        send(res, 500, { error: error instanceof Error ? error.message : String(error) });
      }
    });
  });
  server.listen(port, host);
  try {
    await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]) => Promise.reject(error))]);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? 'the port is taken (another gameday schedule?)' : (error as Error).message;
    throw new UnavailableError(`the kill switch cannot listen on ${address}: ${why} (change kill_switch.http)`, { cause: error });
  }
  const bound = server.address() as AddressInfo;
  const shownHost = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  return {
    url: `http://${shownHost}:${bound.port}`,
    async close() {
      if (!server.listening) return;
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
};

const send = (res: ServerResponse, code: number, value: unknown): void => {
  const body = `${JSON.stringify(value)}\n`;
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
};
