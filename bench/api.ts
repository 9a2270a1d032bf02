/**
 * The few Toxiproxy API calls the bench makes, over plain HTTP, so the bench
 * drives the server exactly as any Toxiproxy client would.
 */
import { isRecord } from './ipc.ts';

/** Longest an API call may take, ms. */
const CALL_TIMEOUT_MS = 5_000;

export class ApiCallError extends Error {
  override name = 'ApiCallError';
}

export interface ToxicSpec {
  type: string;
  stream: 'upstream' | 'downstream';
  attributes: Record<string, number>;
}

export class ToxiproxyApi {
  constructor(private readonly url: string) {}

  /** Creates a proxy listening on a free loopback port; returns that port. */
  async createProxy(name: string, upstreamPort: number): Promise<number> {
    const body = await this.post('/proxies', 201, { name, listen: '127.0.0.1:0', upstream: `127.0.0.1:${upstreamPort}` });
    const listen = isRecord(body) ? body.listen : undefined;
    const port = typeof listen === 'string' ? Number(listen.slice(listen.lastIndexOf(':') + 1)) : NaN;
    if (!Number.isInteger(port) || port <= 0) throw new ApiCallError(`proxy ${name}: no bound port in ${JSON.stringify(body)}`);
    return port;
  }

  async addToxic(proxy: string, toxic: ToxicSpec): Promise<void> {
    await this.post(`/proxies/${encodeURIComponent(proxy)}/toxics`, 200, toxic);
  }

  private async post(path: string, expected: number, json: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(this.url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(json),
        signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      });
    } catch (error) {
      throw new ApiCallError(`POST ${path} failed: ${String(error)}`);
    }
    const text = await response.text();
    if (response.status !== expected) throw new ApiCallError(`POST ${path}: HTTP ${response.status} ${text.trim()}`);
    return JSON.parse(text) as unknown;
  }
}
