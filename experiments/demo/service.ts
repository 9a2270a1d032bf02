/**
 * Starts one demo service on node:http: its routes plus GET /health and
 * GET /metrics, its own metrics registry, its own upstream client. This is
 * the one place where handler results and errors become HTTP responses:
 * JSON bodies, `{"error": message}` on failure, 500 for anything that is not
 * a DemoHttpError.
 */
import http from 'node:http';
import { once } from 'node:events';
import type net from 'node:net';
import { performance } from 'node:perf_hooks';
import { DemoHttpError, DemoListenError, MethodNotAllowedError, NotFoundError } from './errors.ts';
import { ServiceMetrics } from './metrics.ts';
import type { DemoServiceName } from './names.ts';
import { checkServiceOptions } from './options.ts';
import { DEMO_SERVICES } from './registry.ts';
import { matchRoute, readJsonBody, type Route, type RouteResponse } from './router.ts';
import { Upstream } from './upstream.ts';

export interface DemoLogEntry {
  service: DemoServiceName;
  level: 'warn' | 'error';
  /** `upstream_failed`: a call to a dependency failed; `request_failed`: a handler threw something unexpected (a 500). */
  event: 'upstream_failed' | 'request_failed';
  message: string;
  dependency?: string;
  reason?: string;
  route?: string;
}
export type DemoLogger = (entry: DemoLogEntry) => void;

export interface DemoServiceOptions {
  /** Interface to listen on; 127.0.0.1 by default. */
  host?: string;
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Base URL (http://host:port) of each dependency by service name, e.g. the Toxiproxy proxy in front of it. */
  dependencies?: Readonly<Record<string, string>>;
  /** Told about failed upstream calls and unexpected errors; silent by default. */
  log?: DemoLogger;
}

export interface RunningDemoService {
  readonly name: DemoServiceName;
  /** `http://host:port`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  /** Stops listening, abandons calls still waiting on dependencies, drops open connections. Safe to call twice. */
  close(): Promise<void>;
}

/** Throws DemoConfigError for bad options, DemoListenError when the address cannot be bound. */
export async function startDemoService(name: string, options: DemoServiceOptions = {}): Promise<RunningDemoService> {
  const checked = checkServiceOptions(name, options);
  const service = checked.name;
  const log = options.log ?? (() => {});
  const metrics = new ServiceMetrics(service);
  const upstream = new Upstream(checked.dependencies, metrics, (failure) =>
    log({
      service,
      level: 'warn',
      event: 'upstream_failed',
      message: failure.message,
      dependency: failure.dependency,
      reason: failure.reason,
    }),
  );
  const routes: readonly Route[] = [
    { method: 'GET', path: '/health', handle: () => ({ status: 200, body: { status: 'ok' } }) },
    {
      method: 'GET',
      path: '/metrics',
      handle: async () => ({ status: 200, body: await metrics.registry.metrics(), contentType: metrics.registry.contentType }),
    },
    ...DEMO_SERVICES[service].routes({ upstream }),
  ];

  const server = http.createServer((request, response) => {
    void serve(request, response);
  });

  async function serve(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const started = performance.now();
    metrics.requestStarted();
    const method = request.method ?? 'GET';
    const pathname = (request.url ?? '/').split('?')[0] ?? '/';
    const match = matchRoute(routes, method, pathname);
    const route = match.kind === 'found' ? match.route.path : match.kind === 'wrong-method' ? match.pattern : 'unmatched';
    let answer: RouteResponse;
    const headers: Record<string, string> = {};
    try {
      if (match.kind === 'none') throw new NotFoundError(`no route for ${method} ${pathname}`);
      if (match.kind === 'wrong-method') {
        throw new MethodNotAllowedError(`${pathname} does not take ${method}; it takes ${match.allow.join(', ')}`, match.allow);
      }
      answer = await match.route.handle({ params: match.params, body: (schema) => readJsonBody(request, schema) });
    } catch (error) {
      answer = errorAnswer(error, route);
      if (error instanceof MethodNotAllowedError) headers['allow'] = error.allow.join(', ');
    }
    send(response, answer, headers);
    metrics.requestFinished({
      route,
      method: methodLabel(method),
      status: answer.status,
      seconds: (performance.now() - started) / 1000,
    });
  }

  function errorAnswer(error: unknown, route: string): RouteResponse {
    if (error instanceof DemoHttpError) return { status: error.status, body: { error: error.message } };
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log({ service, level: 'error', event: 'request_failed', message, route });
    return { status: 500, body: { error: 'internal error' } };
  }

  server.listen(checked.port, checked.host);
  try {
    await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]) => Promise.reject(error))]);
  } catch (error) {
    upstream.abortAll();
    const code = (error as NodeJS.ErrnoException).code;
    throw new DemoListenError(`${service} cannot listen on ${checked.host}:${checked.port}: ${String(error)}`, code, {
      cause: error,
    });
  }
  const { port } = server.address() as net.AddressInfo;
  const host = checked.host.includes(':') ? `[${checked.host}]` : checked.host;
  let closing: Promise<void> | undefined;
  return {
    name: service,
    url: `http://${host}:${port}`,
    port,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        upstream.abortAll();
        server.closeAllConnections();
      })),
  };
}

function send(response: http.ServerResponse, answer: RouteResponse, headers: Record<string, string>): void {
  const text = answer.contentType !== undefined && typeof answer.body === 'string';
  const payload = text ? (answer.body as string) : JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    ...headers,
    'content-type': text ? (answer.contentType as string) : 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(payload)),
  });
  response.end(payload);
}

/** Keeps the method label to a known set, so odd clients cannot grow the metrics. */
const methodLabel = (method: string): string =>
  ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'].includes(method) ? method : 'other';
