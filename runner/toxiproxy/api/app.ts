import { accessLog, blockBrowsers, compose, handlerTimeout, invokeHandler, requestId } from './middleware.ts';
import { requestIdGenerator } from './request-id.ts';
import { badRequestTarget, methodNotAllowed, movedPermanently, notFoundPage } from './responses.ts';
import { matchRoute } from './router.ts';
import { routeTable } from './routes.ts';
import type { ApiContext, ApiRequest, ApiResponse } from './types.ts';

export interface ApiOptions {
  /** Milliseconds a handler may take before the answer is 503, as the real server's 25 s TimeoutHandler. */
  handlerTimeoutMs?: number;
  /** Makes the X-Toxiproxy-Request-Id values (default: xid-like ids). */
  requestId?: () => string;
}

export type ApiHandler = (request: ApiRequest) => Promise<ApiResponse>;

/**
 * The Toxiproxy HTTP API as a function of a plain request, so it can run
 * in process without a port (node-adapter.ts puts it behind node:http).
 * Unmatched requests get mux's bare answers; matched ones go through the
 * real server's middleware: request id, access log, browser block, timeout.
 */
export function createApi(context: ApiContext, options: ApiOptions = {}): ApiHandler {
  const routes = routeTable({ metrics: context.metrics !== undefined });
  const matchedRoute = compose(
    [
      requestId(options.requestId ?? requestIdGenerator()),
      accessLog(context.log),
      blockBrowsers,
      handlerTimeout(options.handlerTimeoutMs ?? 25_000),
    ],
    invokeHandler(context),
  );
  return async (request) => {
    const match = matchRoute(routes, request.method, request.path);
    switch (match.kind) {
      case 'route':
        return matchedRoute({ request, route: match.route, params: match.params });
      case 'not-found':
        return notFoundPage();
      case 'method-not-allowed':
        return methodNotAllowed();
      case 'redirect':
        return movedPermanently(match.location);
      case 'bad-target':
        return badRequestTarget();
    }
  };
}
