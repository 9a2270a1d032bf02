export { metrics } from './metrics.ts';
export { populate, populateProxies, type PopulateResult } from './populate.ts';
export { createProxy, listProxies } from './proxies.ts';
export { deleteProxy, showProxy, updateProxy } from './proxy.ts';
export { resetState } from './reset.ts';
export { deleteToxic, showToxic, updateToxic } from './toxic.ts';
export { createToxic, listToxics } from './toxics.ts';
export { TOXIPROXY_VERSION, version } from './version.ts';
