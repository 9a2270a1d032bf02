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
    const response = await fetch(`${settings.url}${path}`, {
      method,
      signal,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    if (signal.aborted) throw new ToxiproxyTimeoutError(settings.url, request, settings.timeoutMs);
    throw new ToxiproxyUnreachableError(settings.url, describeNetworkError(error), { cause: error });
  }
  if (status < 200 || status > 299) {
    throw new ToxiproxyHttpError(settings.url, request, status, serverMessage(text, status));
  }
  return text;
};

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

/** fetch reports `TypeError: fetch failed` and puts the system error (or several) in `cause`. */
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
