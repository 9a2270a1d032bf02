import * as handle from './handlers/index.ts';
import type { Route } from './router.ts';

/**
 * The real server's route table (api.go), in its order. /metrics is there
 * only when metrics are enabled, and answers any method.
 */
export function routeTable(options: { metrics: boolean }): Route[] {
  const routes: Route[] = [
    { name: 'ResetState', path: '/reset', methods: ['POST'], handler: handle.resetState },
    { name: 'ProxyIndex', path: '/proxies', methods: ['GET'], handler: handle.listProxies },
    { name: 'ProxyCreate', path: '/proxies', methods: ['POST'], handler: handle.createProxy },
    { name: 'Populate', path: '/populate', methods: ['POST'], handler: handle.populateProxies },
    { name: 'ProxyShow', path: '/proxies/{proxy}', methods: ['GET'], handler: handle.showProxy },
    { name: 'ProxyUpdate', path: '/proxies/{proxy}', methods: ['POST', 'PATCH'], handler: handle.updateProxy },
    { name: 'ProxyDelete', path: '/proxies/{proxy}', methods: ['DELETE'], handler: handle.deleteProxy },
    { name: 'ToxicIndex', path: '/proxies/{proxy}/toxics', methods: ['GET'], handler: handle.listToxics },
    { name: 'ToxicCreate', path: '/proxies/{proxy}/toxics', methods: ['POST'], handler: handle.createToxic },
    { name: 'ToxicShow', path: '/proxies/{proxy}/toxics/{toxic}', methods: ['GET'], handler: handle.showToxic },
    {
      name: 'ToxicUpdate',
      path: '/proxies/{proxy}/toxics/{toxic}',
      methods: ['POST', 'PATCH'],
      handler: handle.updateToxic,
    },
    { name: 'ToxicDelete', path: '/proxies/{proxy}/toxics/{toxic}', methods: ['DELETE'], handler: handle.deleteToxic },
    { name: 'Version', path: '/version', methods: ['GET'], handler: handle.version },
  ];
  if (options.metrics) routes.push({ name: 'Metrics', path: '/metrics', methods: 'any', handler: handle.metrics });
  return routes;
}
