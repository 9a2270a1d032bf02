/**
 * Shared setup for the api-http-*.test.ts files, which check the embedded
 * server's HTTP API byte for byte against Toxiproxy 2.12.0
 * (shared/reference/toxiproxy-api.md §2, §3, §10).
 *
 * A test file calls `useApiServer()` once at its top level: every test then
 * gets a fresh server and echo upstream on 127.0.0.1 port 0, closed after it.
 * `server` and `echo` are live bindings, valid only inside a test or hook.
 */
import { afterEach, beforeEach, expect } from 'vitest';
import { startToxiproxyServer } from '../../runner/toxiproxy/index.ts';
import { connectTcp, Resources, startEchoServer, type EchoServer, type TcpClient } from '../helpers/net.ts';
import { jsonBody, rawRequest, type RawRequest, type RawResponse } from '../helpers/raw-http.ts';

export interface ProxyJson {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
  toxics: ToxicJson[];
}
export interface ToxicJson {
  attributes: Record<string, number>;
  name: string;
  type: string;
  stream: string;
  toxicity: number;
}

/** Everything a test opens goes here; closed after each test. */
export const resources = new Resources();
type Server = Awaited<ReturnType<typeof startToxiproxyServer>>;
export let server: Server;
export let echo: EchoServer;

/** Registers the per-test server start and stop in the calling test file. */
export function useApiServer(): void {
  beforeEach(async () => {
    server = resources.track(await startToxiproxyServer({ host: '127.0.0.1', port: 0 }));
    echo = resources.track(await startEchoServer());
  });
  afterEach(() => resources.closeAll());
}

export const call = (method: string, path: string, body?: unknown, extra: Partial<RawRequest> = {}): Promise<RawResponse> =>
  rawRequest(server.url, { method, path, body, ...extra });
export const connect = async (port: number): Promise<TcpClient> => resources.track(await connectTcp(port));
export const portOf = (listen: string): number => Number(/^127\.0\.0\.1:(\d+)$/.exec(listen)?.[1] ?? Number.NaN);
export const q = (s: string): string => JSON.stringify(s);

/** The exact bytes Go prints for a proxy object. */
export const proxyText = (p: { name: string; listen: string; upstream: string; enabled: boolean }, toxics: string[] = []): string =>
  `{"name":${q(p.name)},"listen":${q(p.listen)},"upstream":${q(p.upstream)},"enabled":${p.enabled},"Logger":{},"toxics":[${toxics.join(',')}]}`;
/** The exact bytes Go prints for a toxic object; `attributes` is the attribute object's text. */
export const toxicText = (name: string, type: string, stream: string, attributes: string, toxicity = '1'): string =>
  `{"attributes":${attributes},"name":${q(name)},"type":${q(type)},"stream":${q(stream)},"toxicity":${toxicity}}`;

export const REQUEST_ID = /^[0-9a-v]{20}$/;

export function expectSuccess(res: RawResponse, status: number, text?: string): void {
  expect({ status: res.status, text: res.text }).toEqual({ status, text: text ?? res.text });
  expect(res.headers['content-type']).toBe('application/json');
  expect(res.headers['content-length']).toBe(String(res.body.length));
  expect(res.text.endsWith('\n')).toBe(false);
  expect(res.headers['x-toxiproxy-request-id']).toMatch(REQUEST_ID);
}
export function expectError(res: RawResponse, status: number, message: string): void {
  expect({ status: res.status, text: res.text }).toEqual({ status, text: `{"error":${q(message)},"status":${status}}\n` });
  expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['x-toxiproxy-request-id']).toMatch(REQUEST_ID);
}
export function expectNoContent(res: RawResponse): void {
  expect({ status: res.status, length: res.body.length }).toEqual({ status: 204, length: 0 });
  expect(res.headers['content-type']).toBeUndefined();
}
export function expectPageNotFound(res: RawResponse): void {
  expect({ status: res.status, text: res.text }).toEqual({ status: 404, text: '404 page not found\n' });
  expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['x-toxiproxy-request-id']).toBeUndefined();
}

/** Creates a proxy (default: enabled on 127.0.0.1:0 to the echo server) and returns its JSON. */
export async function createProxy(name: string, extra: Record<string, unknown> = {}): Promise<ProxyJson> {
  const res = await call('POST', '/proxies', { name, listen: '127.0.0.1:0', upstream: echo.address, ...extra });
  expect(res.status, res.text).toBe(201);
  return jsonBody<ProxyJson>(res);
}
export async function addToxic(proxy: string, body: unknown): Promise<ToxicJson> {
  const res = await call('POST', `/proxies/${proxy}/toxics`, body);
  expect(res.status, res.text).toBe(200);
  return jsonBody<ToxicJson>(res);
}
