import { ApiError, notFound } from '../errors.ts';
import type { Proxy } from '../model/proxy.ts';
import { apiErrorResponse } from './responses.ts';
import type { ApiContext, ApiResponse } from './types.ts';

/**
 * The one place errors become answers. An ApiError keeps its message and
 * status; anything else is a 500 carrying the error's text, as the real
 * server answers errors that have no status, and is logged.
 */
export function toApiError(error: unknown, log: ApiContext['log']): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  log('warn', 'Error did not include status code', { error: message });
  return new ApiError(message, 500);
}

export function errorResponse(error: unknown, log: ApiContext['log']): ApiResponse {
  const { message, status } = toApiError(error, log);
  return apiErrorResponse(message, status);
}

/** The proxy named in the path, or 404 `proxy not found`. */
export function findProxy(context: ApiContext, name: string | undefined): Proxy {
  const proxy = name === undefined ? undefined : context.proxies.get(name);
  if (!proxy) throw notFound('proxy');
  return proxy;
}
