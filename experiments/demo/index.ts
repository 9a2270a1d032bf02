export { CATALOG, type Product } from './catalog.ts';
export type { DemoServiceDefinition, ServiceContext } from './definition.ts';
export {
  BadRequestError,
  ConflictError,
  DemoConfigError,
  DemoHttpError,
  DemoListenError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  UpstreamError,
  type UpstreamFailure,
} from './errors.ts';
export { LATENCY_BUCKETS_SECONDS } from './metrics.ts';
export { DEMO_SERVICE_NAMES, type DemoServiceName, isDemoServiceName } from './names.ts';
export { DEMO_SERVICES, demoDependencies } from './registry.ts';
export { CHARGE_DELAY_MS, CHECKOUT_ATTEMPTS, CHECKOUT_TIMEOUT_MS, RESERVE_TIMEOUT_MS, STOCK_TIMEOUT_MS } from './services/index.ts';
export { type DemoLogEntry, type DemoLogger, type DemoServiceOptions, type RunningDemoService, startDemoService } from './service.ts';
export { DEMO_START_ORDER, type DemoEndpoint, type DemoSystemOptions, type RunningDemoSystem, startDemoSystem } from './system.ts';
