import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { ApiHandler } from './app.ts';
import type { ApiContext, ApiResponse } from './types.ts';
import { apiErrorResponse } from './responses.ts';

/**
 * node:http in front of the API core: reads the whole body, hands the core a
 * plain request and writes its answer with Content-Length (none on a 204).
 */
export function nodeListener(api: ApiHandler, log: ApiContext['log']): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const request = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks) };
      api(request).then(
        (response) => send(res, response),
        (error: unknown) => {
          // The core answers every error itself; reaching here is a bug in it.
          log('error', 'API handler failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
          send(res, apiErrorResponse('internal error', 500));
        },
      );
    });
  };
}

function send(res: ServerResponse, response: ApiResponse): void {
  if (res.headersSent || res.destroyed) return;
  const body = Buffer.from(response.body, 'utf8');
  const headers: Record<string, string> = { ...response.headers };
  if (response.status !== 204 && response.status !== 304) headers['Content-Length'] = String(body.length);
  res.writeHead(response.status, headers);
  res.end(body);
}
