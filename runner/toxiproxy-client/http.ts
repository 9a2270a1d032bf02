import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { z } from 'zod';
import {
  ToxiproxyHttpError,
  ToxiproxyResponseError,
  ToxiproxyTimeoutError,
  ToxiproxyUnreachableError,
} from './errors.ts';
import { errorBodySchema } from './schemas.ts';

/** Where and how patiently to call one Toxiproxy server. */
export interface HttpSettings {
  /** Base URL without a trailing slash: `http://127.0.0.1:8474`. */
  url: string;
  /** Limit for one whole call, connect to last byte of the answer, in milliseconds. */
  timeoutMs: number;
}

export type Method = 'GET' | 'POST' | 'DELETE';

/**
 * Sends one request and returns the answer's body text when the status is
 * 2xx. Every failure becomes one of the errors of ./errors.ts: unreachable,
 * timeout, or an HTTP error carrying the server's `error` text.
 */
export const send = async (
  settings: HttpSettings,
  method: Method,
  path: string,
  body?: unknown,
): Promise<string> => {
  const request = `${method} ${path}`;
  const signal = AbortSignal.timeout(settings.timeoutMs);
  let status: number;
  let text: string;
  try {
    ({ status, text } = await exchange(`${settings.url}${path}`, method, body, signal));
  } catch (error) {
    if (signal.aborted) throw new ToxiproxyTimeoutError(settings.url, request, settings.timeoutMs);
    throw new ToxiproxyUnreachableError(settings.url, describeNetworkError(error), { cause: error });
  }
  if (status < 200 || status > 299) {
    throw new ToxiproxyHttpError(settings.url, request, status, serverMessage(text, status));
  }
  return text;
};

/**
 * Connections are kept open between calls (idle ones do not keep the
 * process alive), so a fault's call costs one request, not a new connection:
 * faults start within a millisecond or two of plan.
 */
const agents = { 'http:': new HttpAgent({ keepAlive: true }), 'https:': new HttpsAgent({ keepAlive: true }) };

const exchange = (url: string, method: Method, body: unknown, signal: AbortSignal): Promise<{ status: number; text: string }> =>
  new Promise((resolve, reject) => {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const call = (secure ? httpsRequest : httpRequest)(
      target,
      {
        method,
        signal,
        agent: agents[secure ? 'https:' : 'http:'],
        headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    call.on('error', reject);
    call.end(payload);
  });

/** Parses a 2xx body as JSON and checks it against the expected wire object. */
export const decode = <T>(settings: HttpSettings, request: string, schema: z.ZodType<T>, text: string): T => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ToxiproxyResponseError(settings.url, request, `not JSON: ${abbreviate(text)}`);
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? 'body' : issue.path.join('.');
    throw new ToxiproxyResponseError(settings.url, request, `${where}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
};

/** The `error` text of `{"error":"proxy not found","status":404}`, else the body itself. */
const serverMessage = (text: string, status: number): string => {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data.error;
  } catch {
    // Not JSON: a plain-text answer such as `404 page not found`.
  }
  const trimmed = text.trim();
  return trimmed === '' ? `status ${status} with an empty body` : abbreviate(trimmed);
};

const abbreviate = (text: string): string => {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(oneLine.length > 120 ? `${oneLine.slice(0, 117)}...` : oneLine);
};

const reasons: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  EADDRNOTAVAIL: 'address not available',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed',
};

/** Finds the system error (or one of several) in an error or its causes. */
const describeNetworkError = (error: unknown): string => {
  const seen: unknown[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const next = queue.shift();
    if (typeof next !== 'object' || next === null || seen.includes(next)) continue;
    seen.push(next);
    const code = (next as { code?: unknown }).code;
    if (typeof code === 'string' && reasons[code] !== undefined) return reasons[code];
    queue.push((next as { cause?: unknown }).cause);
    const inner = (next as { errors?: unknown }).errors;
    if (Array.isArray(inner)) queue.push(...inner);
  }
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) return cause.message;
  return error instanceof Error ? error.message : String(error);
};
