/**
 * Small HTTP client for the monitoring tests: one request on its own
 * connection (no keep-alive, so no socket outlives a test), a deadline, and
 * the body as text.
 */
import http from 'node:http';

export interface HttpAnswer {
  status: number;
  text: string;
}

/** Rejects when the request fails or has no whole answer within `timeoutMs`. */
export function httpRequest(
  url: string,
  options: { method?: string; body?: string; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<HttpAnswer> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    const timer = setTimeout(() => request.destroy(new Error(`${url}: no answer within ${timeoutMs} ms`)), timeoutMs);
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(options.body);
  });
}

export const httpGet = (url: string, timeoutMs?: number): Promise<HttpAnswer> =>
  httpRequest(url, timeoutMs === undefined ? {} : { timeoutMs });

/** GETs `url` and parses the JSON answer; rejects on a non-2xx status. */
export async function getJson(url: string): Promise<unknown> {
  const answer = await httpGet(url);
  if (answer.status < 200 || answer.status > 299) throw new Error(`GET ${url}: ${answer.status} ${answer.text.slice(0, 200)}`);
  return JSON.parse(answer.text) as unknown;
}

/** Polls `probe` every 200 ms until it returns something other than undefined; `describe` explains a timeout. */
export async function waitUntil<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number, describe: () => Promise<string> | string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${await describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
