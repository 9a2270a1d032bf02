import { cleanPath, escapePath, parseTarget } from './request-target.ts';
import type { Handler } from './types.ts';

export interface Route {
  /** The handler's name in Toxiproxy (`ProxyCreate`), for the request log. */
  readonly name: string;
  /** `/proxies/{proxy}/toxics/{toxic}`: a `{param}` is one non-empty path segment. */
  readonly path: string;
  /** The methods served; `any` for /metrics. */
  readonly methods: readonly string[] | 'any';
  readonly handler: Handler;
}

export type RouteMatch =
  | { readonly kind: 'route'; readonly route: Route; readonly params: Record<string, string> }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'method-not-allowed' }
  | { readonly kind: 'redirect'; readonly location: string }
  | { readonly kind: 'bad-target' };

/**
 * Routes a request as gorilla/mux does in the real server: on the
 * percent-decoded path, matched exactly (a trailing slash is another path,
 * and a parameter never contains `/`, so a name with `/` can't be
 * addressed); a path not in clean form is redirected to its clean form;
 * a known path with another method is 405, anything else 404.
 */
export function matchRoute(routes: readonly Route[], method: string, target: string): RouteMatch {
  const parsed = parseTarget(target);
  if (!parsed.ok) return { kind: 'bad-target' };
  const clean = cleanPath(parsed.path);
  if (clean !== parsed.path) {
    const query = parsed.query === undefined ? '' : `?${parsed.query}`;
    return { kind: 'redirect', location: escapePath(clean) + query };
  }
  const segments = parsed.path.split('/');
  let wrongMethod = false;
  for (const route of routes) {
    const params = matchPath(route.path, segments);
    if (!params) continue;
    if (route.methods === 'any' || route.methods.includes(method)) return { kind: 'route', route, params };
    wrongMethod = true;
  }
  return wrongMethod ? { kind: 'method-not-allowed' } : { kind: 'not-found' };
}

function matchPath(pattern: string, segments: readonly string[]): Record<string, string> | undefined {
  const parts = pattern.split('/');
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of parts.entries()) {
    const segment = segments[i] ?? '';
    const param = /^\{(\w+)\}$/.exec(part)?.[1];
    if (param === undefined) {
      if (part !== segment) return undefined;
    } else {
      if (segment === '') return undefined;
      params[param] = segment;
    }
  }
  return params;
}
