import { once } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createReceiver, type Receiver, type ReceiverOptions } from './receiver.ts';
import type { ReceiverResponse } from './types.ts';

export interface ReceiverServerOptions extends ReceiverOptions {
  /** Address to listen on (default 127.0.0.1: only this machine's monitoring can reach it). */
  host?: string;
  /** Port to listen on (default 0: a free one, see `port` of the result). */
  port?: number;
}

export interface RunningReceiver {
  /** `http://127.0.0.1:<port>`: senders post to `<url>/alertmanager` and so on. */
  url: string;
  port: number;
  /** Stops accepting, lets requests in progress finish (at most CLOSE_GRACE_MS), then closes every connection. */
  close(): Promise<void>;
}

/** A whole request, headers and body, must arrive within this many ms (a slow sender holds no socket for ever). */
const REQUEST_TIMEOUT_MS = 30_000;
/** Headers must arrive within this many ms. */
const HEADERS_TIMEOUT_MS = 10_000;
/** How long close() waits for requests in progress before cutting their connections, ms. */
const CLOSE_GRACE_MS = 2_000;

/**
 * The receiver on node:http. Each request's headers are checked first
 * (a declared body over the bound is refused before any of it is read); the
 * body is then read up to the bound and no further, and handed to the
 * receiver, which calls onAlerts before the answer is written.
 */
export async function startReceiver(options: ReceiverServerOptions): Promise<RunningReceiver> {
  const receiver = createReceiver(options);
  const host = options.host ?? '127.0.0.1';
  const serve = listener(receiver);
  const server = http.createServer({ requestTimeout: REQUEST_TIMEOUT_MS, headersTimeout: HEADERS_TIMEOUT_MS }, (req, res) => serve(req, res, false));
  // `Expect: 100-continue`: a sender that waits before sending its body gets the refusal instead of a go-ahead.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => serve(req, res, true));
  server.listen(options.port ?? 0, host);
  await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]) => Promise.reject(error as Error))]);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () => closeServer(server),
  };
}

function listener(receiver: Receiver) {
  return (req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): void => {
    const head = { method: req.method ?? '', path: req.url ?? '/', headers: req.headers };
    const accepted = receiver.accept(head);
    if (accepted.response) return refuse(req, res, accepted.response);
    const { route } = accepted;
    if (expectsContinue) res.writeContinue();
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > receiver.maxBodyBytes) {
        refused = true;
        chunks.length = 0;
        refuse(req, res, receiver.tooLarge(route));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!refused) send(res, receiver.receive(route, head, Buffer.concat(chunks, size)));
    });
    // The sender went away mid-body: nothing was received, and there is no one to answer.
    req.on('error', () => res.destroy());
  };
}

/**
 * Answers without reading (the rest of) the body. A request whose body is
 * not all here gets `Connection: close`, so its unread bytes are never taken
 * for the next request and never read.
 */
function refuse(req: IncomingMessage, res: ServerResponse, response: ReceiverResponse): void {
  const unread = !req.complete && (req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0);
  send(res, unread ? { ...response, headers: { ...response.headers, Connection: 'close' } } : response);
}

function send(res: ServerResponse, response: ReceiverResponse): void {
  if (res.headersSent || res.destroyed) return;
  const body = Buffer.from(response.body, 'utf8');
  res.writeHead(response.status, { ...response.headers, 'Content-Length': String(body.length) });
  res.end(body);
}

async function closeServer(server: http.Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const cut = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
  try {
    await closed;
  } finally {
    clearTimeout(cut);
  }
}
