/**
 * Starts the whole shop in this process, leaves first, each on port 0:
 * payments, inventory, then checkout, then storefront. Every call between
 * services goes to the URL `dependencyUrl` gives for that edge (the runner
 * creates a Toxiproxy proxy there); without it services call each other
 * directly.
 */
import { DEMO_SERVICE_NAMES, type DemoServiceName } from './names.ts';
import { demoDependencies } from './registry.ts';
import { type DemoLogger, type RunningDemoService, startDemoService } from './service.ts';

/** Leaves first, so every dependency is listening before its callers start. */
export const DEMO_START_ORDER: readonly DemoServiceName[] = ['payments', 'inventory', 'checkout', 'storefront'];

export interface DemoEndpoint {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
}

export interface DemoSystemOptions {
  /**
   * The base URL `from` uses to call `to`; `target` is where `to` really
   * listens (the upstream of a proxy put in between). Defaults to `target.url`.
   */
  dependencyUrl?: (from: DemoServiceName, to: DemoServiceName, target: DemoEndpoint) => string | Promise<string>;
  /** Interface every service listens on; 127.0.0.1 by default. */
  host?: string;
  log?: DemoLogger;
}

export interface RunningDemoSystem {
  /** Where each service really listens (not the proxied URLs). */
  readonly services: Readonly<Record<DemoServiceName, DemoEndpoint>>;
  /** Closes every service, callers first. Safe to call twice. */
  close(): Promise<void>;
}

export async function startDemoSystem(options: DemoSystemOptions = {}): Promise<RunningDemoSystem> {
  const started: RunningDemoService[] = [];
  const endpoints = new Map<DemoServiceName, DemoEndpoint>();
  const closeAll = async (): Promise<void> => {
    for (const service of started.splice(0).reverse()) await service.close();
  };
  try {
    for (const name of DEMO_START_ORDER) {
      const dependencies: Record<string, string> = {};
      for (const to of demoDependencies(name)) {
        const target = endpoints.get(to);
        if (target === undefined) throw new Error(`${to} must start before ${name}`);
        dependencies[to] = options.dependencyUrl === undefined ? target.url : await options.dependencyUrl(name, to, target);
      }
      const service = await startDemoService(name, {
        host: options.host ?? '127.0.0.1',
        port: 0,
        dependencies,
        ...(options.log === undefined ? {} : { log: options.log }),
      });
      started.push(service);
      endpoints.set(name, { url: service.url, port: service.port });
    }
  } catch (error) {
    await closeAll();
    throw error;
  }
  const services = Object.fromEntries(DEMO_SERVICE_NAMES.map((name) => [name, endpoints.get(name)])) as Record<
    DemoServiceName,
    DemoEndpoint
  >;
  let closing: Promise<void> | undefined;
  return { services, close: () => (closing ??= closeAll()) };
}
