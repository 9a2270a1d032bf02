export { createApi, type ApiHandler, type ApiOptions } from './app.ts';
export { populate, TOXIPROXY_VERSION, type PopulateResult } from './handlers/index.ts';
export { nodeListener } from './node-adapter.ts';
export type { ApiContext, ApiRequest, ApiResponse, MetricsSource } from './types.ts';
