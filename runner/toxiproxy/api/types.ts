import type { ProxyCollection } from '../model/collection.ts';
import type { ServerEnv } from '../model/proxy.ts';
import type { AnyToxicDefinition } from '../toxics/index.ts';

/** An HTTP request as the API core sees it: no sockets, so it can be tested in process. */
export interface ApiRequest {
  method: string;
  /** The request target as received: percent-encoded path and optional query (`/proxies/a%20b?x=1`). */
  path: string;
  /** Header names in lower case, as node:http gives them. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Buffer;
}

export interface ApiResponse {
  status: number;
  /** Sent as given; Content-Length is added by the HTTP adapter. */
  headers: Record<string, string>;
  /** Empty for 204, 405 and redirects. */
  body: string;
}

/** What the handlers work on. */
export interface ApiContext {
  readonly proxies: ProxyCollection;
  /** The registered toxic types by wire name. */
  readonly toxicTypes: ReadonlyMap<string, AnyToxicDefinition>;
  /** What /metrics serves; undefined when the route does not exist (no metrics enabled). */
  readonly metrics: MetricsSource | undefined;
  readonly log: ServerEnv['log'];
}

/** The part of a prom-client Registry that /metrics uses. */
export interface MetricsSource {
  metrics(): Promise<string>;
}

/** A matched request: the route's path parameters are percent-decoded. */
export interface RouteRequest {
  readonly method: string;
  readonly params: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export type Handler = (request: RouteRequest, context: ApiContext) => Promise<ApiResponse>;
