import type { DemoServiceName } from './names.ts';
import type { Route } from './router.ts';
import type { Upstream } from './upstream.ts';

/** What one running instance of a service gets from service.ts. */
export interface ServiceContext {
  /** Calls the service's dependencies by name, through the base URLs it was given. */
  readonly upstream: Upstream;
}

/** One demo service: its name, whom it calls, and its routes (GET /health and GET /metrics are added for every service). */
export interface DemoServiceDefinition {
  readonly name: DemoServiceName;
  /** The dependencies whose base URL must be given at start. */
  readonly dependencies: readonly DemoServiceName[];
  /** Routes of one instance; its state (stock, order numbers) lives in this closure, so two instances share nothing. */
  routes(context: ServiceContext): readonly Route[];
}
