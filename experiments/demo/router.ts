/**
 * Routes of a demo service: a method, a path pattern (`/stock/:sku`) and a
 * handler that returns data. Handlers never touch the socket; service.ts
 * writes what they return and turns what they throw into responses.
 */
import type http from 'node:http';
import { z } from 'zod';
import { BadRequestError, PayloadTooLargeError } from './errors.ts';

export type Method = 'GET' | 'POST';

export interface RouteRequest {
  /** Values of the pattern's `:name` segments, percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** The JSON body checked against `schema`; BadRequestError when it is missing, not JSON, or does not fit. */
  body<T>(schema: z.ZodType<T>): Promise<T>;
}

export interface RouteResponse {
  status: number;
  /** Sent as JSON, unless `contentType` is given and `body` is a string. */
  body: unknown;
  contentType?: string;
}

export interface Route {
  readonly method: Method;
  /** Segments separated by `/`; a segment `:name` matches any one non-empty segment. */
  readonly path: string;
  handle(request: RouteRequest): Promise<RouteResponse> | RouteResponse;
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  /** The path matches `pattern` but no route takes this method; `allow` lists the ones that do. */
  | { kind: 'wrong-method'; pattern: string; allow: Method[] }
  | { kind: 'none' };

export function matchRoute(routes: readonly Route[], method: string, pathname: string): RouteMatch {
  const segments = pathname.split('/').slice(1);
  const allow: Method[] = [];
  let pattern: string | undefined;
  for (const route of routes) {
    const params = matchPath(route.path, segments);
    if (params === undefined) continue;
    if (route.method === method) return { kind: 'found', route, params };
    allow.push(route.method);
    pattern ??= route.path;
  }
  return pattern === undefined ? { kind: 'none' } : { kind: 'wrong-method', pattern, allow };
}

function matchPath(pattern: string, segments: readonly string[]): Record<string, string> | undefined {
  const parts = pattern.split('/').slice(1);
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    const segment = segments[index] ?? '';
    if (part.startsWith(':')) {
      if (segment === '') return undefined;
      try {
        params[part.slice(1)] = decodeURIComponent(segment);
      } catch {
        return undefined;
      }
    } else if (part !== segment) {
      return undefined;
    }
  }
  return params;
}

/** Largest request body a demo service reads, in bytes. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Reads the whole body of `request` as JSON, then checks it against `schema`. */
export async function readJsonBody<T>(request: http.IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new PayloadTooLargeError(MAX_BODY_BYTES);
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw new BadRequestError('request body is empty; expected a JSON object');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadRequestError('request body is not valid JSON');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
    throw new BadRequestError(`invalid request body: ${problems.join('; ')}`);
  }
  return parsed.data;
}
