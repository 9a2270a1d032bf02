import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { MissingInputError, UnavailableError } from '../errors.ts';

/**
 * Serves a built site as a static host would: `/a/` is `a/index.html`, `/a` redirects to `/a/` when `a` is a
 * folder, an unknown path is 404 with the site's 404.html. GET and HEAD only; nothing outside `dir` is served
 * (`..`, encoded or not, never leaves it). For looking at a build and for tests, not for the internet.
 */
export interface PreviewSiteOptions {
  /** The built site (the `outDir` of buildSite). */
  dir: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 picks a free port. Default 4321. */
  port?: number;
  /** The path the site was built for (its `base`), e.g. /gameday/; requests outside it are 404. Default /. */
  base?: string;
}

export interface PreviewServer {
  /** The site's address, base included, e.g. http://127.0.0.1:4321/. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

export const previewSite = async (options: PreviewSiteOptions): Promise<PreviewServer> => {
  const root = resolve(options.dir);
  const found = await stat(join(root, 'index.html')).catch(() => null);
  if (found === null) {
    throw new MissingInputError(`${root} holds no built site (no index.html); build it first with gameday site build`);
  }
  const base = `/${(options.base ?? '/').replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
  const server = createServer((request, response) => {
    serve(root, base, request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('could not read the file\n');
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((done, fail) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      fail(new UnavailableError(`cannot listen on ${host}:${options.port ?? 4321}: ${error.code ?? error.message}`, { cause: error })),
    );
    server.listen(options.port ?? 4321, host, () => done());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}${base}`,
    port,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
};

const serve = async (root: string, base: string, request: IncomingMessage, response: ServerResponse): Promise<void> => {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const url = new URL(request.url ?? '/', 'http://preview.invalid');
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return notFound(root, request, response);
  }
  if (!path.startsWith(base) && `${path}/` !== base) return notFound(root, request, response);
  const inside = resolve(root, `.${sep}${path.slice(base.length)}`);
  if (inside !== root && !inside.startsWith(root + sep)) return notFound(root, request, response);
  const info = await stat(inside).catch(() => null);
  if (info?.isDirectory()) {
    if (!url.pathname.endsWith('/')) {
      // One leading slash, so the address never reads as another host (`//host/`).
      response.writeHead(301, { Location: `/${url.pathname.replace(/^\/+/, '')}/${url.search}` }).end();
      return;
    }
    return sendFile(join(inside, 'index.html'), 200, request, response, () => notFound(root, request, response));
  }
  if (info?.isFile()) return sendFile(inside, 200, request, response, () => notFound(root, request, response));
  return notFound(root, request, response);
};

const notFound = (root: string, request: IncomingMessage, response: ServerResponse): Promise<void> =>
  sendFile(join(root, '404.html'), 404, request, response, async () => {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
  });

const sendFile = async (
  file: string,
  status: number,
  request: IncomingMessage,
  response: ServerResponse,
  missing: () => Promise<void>,
): Promise<void> => {
  const info = await stat(file).catch(() => null);
  if (info === null || !info.isFile()) return missing();
  response.writeHead(status, {
    'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  await new Promise<void>((done, fail) => {
    createReadStream(file).on('error', fail).on('end', done).pipe(response);
  });
};
