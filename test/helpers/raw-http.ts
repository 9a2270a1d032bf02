/**
 * A raw HTTP/1.1 request for API conformance tests: any method (HEAD and
 * OPTIONS included), full control of User-Agent (node:http adds none), and
 * the exact body bytes back. Each request uses its own non-keep-alive agent so
 * no socket outlives the test.
 */
import http from 'node:http';

export interface RawRequest {
  method?: string;
  /** Sent as is: percent-encoding is the caller's choice. */
  path: string;
  /** A string or Buffer is sent verbatim; anything else is JSON.stringify'd. Undefined sends no body. */
  body?: unknown;
  /** Undefined sends no User-Agent header at all. */
  userAgent?: string;
  headers?: Record<string, string>;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The exact bytes received. */
  body: Buffer;
  /** `body` decoded as utf-8. */
  text: string;
}

export async function rawRequest(baseUrl: string, req: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const payload =
    req.body === undefined
      ? undefined
      : typeof req.body === 'string' || Buffer.isBuffer(req.body)
        ? Buffer.from(req.body)
        : Buffer.from(JSON.stringify(req.body));
  const headers: Record<string, string> = { ...req.headers };
  if (req.userAgent !== undefined) headers['User-Agent'] = req.userAgent;
  if (payload !== undefined) headers['Content-Length'] = String(payload.length);
  const agent = new http.Agent({ keepAlive: false });
  try {
    return await new Promise<RawResponse>((resolve, reject) => {
      const request = http.request(
        { host: url.hostname, port: url.port, method: req.method ?? 'GET', path: req.path, headers, agent },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const body = Buffer.concat(chunks);
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body, text: body.toString('utf8') });
          });
        },
      );
      request.setTimeout(10_000, () => request.destroy(new Error(`${req.method ?? 'GET'} ${req.path}: no answer in 10 s`)));
      request.on('error', reject);
      request.end(payload);
    });
  } finally {
    agent.destroy();
  }
}

/** Parses a response body as JSON, typed by the caller. */
export function jsonBody<T>(res: RawResponse): T {
  return JSON.parse(res.text) as T;
}
