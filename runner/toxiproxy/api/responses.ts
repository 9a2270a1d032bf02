import { encodeJson, type Encodable } from '../json/index.ts';
import type { ApiResponse } from './types.ts';

const TEXT = 'text/plain; charset=utf-8';

/** A success body: compact JSON, `application/json`, no trailing newline. */
export const json = (status: number, value: Encodable): ApiResponse => ({
  status,
  headers: { 'Content-Type': 'application/json' },
  body: encodeJson(value),
});

/** 204 with no body and no Content-Type (deletes, /reset). */
export const noContent = (): ApiResponse => ({ status: 204, headers: {}, body: '' });

/**
 * Go's http.Error: the text plus a newline, as `text/plain; charset=utf-8`
 * with `X-Content-Type-Options: nosniff`. API errors send their JSON this way.
 */
export const plainError = (status: number, text: string): ApiResponse => ({
  status,
  headers: { 'Content-Type': TEXT, 'X-Content-Type-Options': 'nosniff' },
  body: `${text}\n`,
});

/** An API error: `{"error":"proxy not found","status":404}\n`, sent as plain text like the real server. */
export const apiErrorResponse = (message: string, status: number): ApiResponse =>
  plainError(status, encodeJson({ error: message, status }));

/** An unknown path (no request id, no browser check). */
export const notFoundPage = (): ApiResponse => plainError(404, '404 page not found');

/** A known path with another method (HEAD and OPTIONS included): empty body, no Content-Type. */
export const methodNotAllowed = (): ApiResponse => ({ status: 405, headers: {}, body: '' });

/** A path that is not in clean form (`/proxies/./x`, `//proxies`): gorilla/mux redirects to the clean one. */
export const movedPermanently = (location: string): ApiResponse => ({
  status: 301,
  headers: { Location: location },
  body: '',
});

/** A request target Go's net/http cannot parse (`/proxies/%zz`); it closes the connection. */
export const badRequestTarget = (): ApiResponse => ({
  status: 400,
  headers: { 'Content-Type': TEXT, Connection: 'close' },
  body: '400 Bad Request',
});

/** What Go's http.TimeoutHandler answers when a handler takes longer than its limit. */
export const handlerTimedOut = (): ApiResponse => ({
  status: 503,
  headers: { 'Content-Type': 'text/html; charset=utf-8' },
  body: '<html><head><title>Timeout</title></head><body><h1>Timeout</h1></body></html>',
});
