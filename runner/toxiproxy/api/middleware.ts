import { errorResponse } from './error-response.ts';
import { handlerTimedOut, plainError } from './responses.ts';
import type { Route } from './router.ts';
import type { ApiContext, ApiRequest, ApiResponse } from './types.ts';

/** A request that matched a route. */
export interface Matched {
  readonly request: ApiRequest;
  readonly route: Route;
  readonly params: Record<string, string>;
  /** Set by the requestId middleware for the ones after it. */
  readonly requestId?: string;
}

export type Step = (matched: Matched) => Promise<ApiResponse>;
export type Middleware = (next: Step) => Step;

/** Runs `steps` in order around `last`, like the real server's r.Use(...) chain. */
export const compose = (steps: readonly Middleware[], last: Step): Step =>
  steps.reduceRight<Step>((next, step) => step(next), last);

/** Every answer from a matched route carries `X-Toxiproxy-Request-Id` (since 2.5.0). */
export const requestId =
  (nextId: () => string): Middleware =>
  (next) =>
  async (matched) => {
    const id = nextId();
    const response = await next({ ...matched, requestId: id });
    response.headers['X-Toxiproxy-Request-Id'] = id;
    return response;
  };

/** One debug line per request, with the fields the real server logs. */
export const accessLog =
  (log: ApiContext['log']): Middleware =>
  (next) =>
  async (matched) => {
    const response = await next(matched);
    const { method, path, headers } = matched.request;
    log('debug', '', {
      method,
      url: path,
      user_agent: firstHeader(headers['user-agent']) ?? '',
      status: response.status,
      handler: matched.route.name,
      request_id: matched.requestId,
    });
    return response;
  };

/**
 * The anti-CSRF rule of 2.1.2: a User-Agent starting with `Mozilla/`
 * (case-sensitive) is refused with 403, so a web page cannot drive the API.
 */
export const blockBrowsers: Middleware = (next) => async (matched) => {
  const agent = firstHeader(matched.request.headers['user-agent']) ?? '';
  return agent.startsWith('Mozilla/') ? plainError(403, 'User agent not allowed') : next(matched);
};

/** Go's http.TimeoutHandler: after `ms` milliseconds the client gets 503; the handler's work goes on. */
export const handlerTimeout =
  (ms: number): Middleware =>
  (next) =>
  (matched) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve(handlerTimedOut()), ms);
      next(matched).then(
        (response) => {
          clearTimeout(timer);
          resolve(response);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });

/** The route's handler, its errors turned into answers in the one place that does it. */
export const invokeHandler =
  (context: ApiContext): Step =>
  async ({ request, route, params }) => {
    try {
      return await route.handler({ method: request.method, params, body: request.body }, context);
    } catch (error) {
      return errorResponse(error, context.log);
    }
  };

const firstHeader = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;
