import { ApiError, notFound } from '../errors.ts';
import { Proxy, type ProxySpec, type ServerEnv } from './proxy.ts';

/** Every proxy of one server, by name. */
export class ProxyCollection {
  private readonly proxies = new Map<string, Proxy>();

  constructor(private readonly env: ServerEnv) {}

  get metrics() {
    return this.env.metrics;
  }

  /** Sorted by name in byte order, as Go's JSON encoder sorts map keys. */
  list(): Proxy[] {
    return [...this.proxies.values()].sort((a, b) => compareBytes(a.name, b.name));
  }

  get(name: string): Proxy | undefined {
    return this.proxies.get(name);
  }

  /** Creates a proxy, started when enabled; if it can't bind it is not created. */
  async create(spec: ProxySpec): Promise<Proxy> {
    if (this.proxies.has(spec.name)) throw new ApiError('proxy already exists', 409);
    const proxy = new Proxy(spec.name, spec.listen, spec.upstream, this.env);
    if (spec.enabled) await proxy.start();
    if (this.proxies.has(spec.name)) {
      // Another request took the name while this one was binding.
      await proxy.stop();
      throw new ApiError('proxy already exists', 409);
    }
    this.proxies.set(spec.name, proxy);
    return proxy;
  }

  /**
   * /populate's rule for one entry: a proxy with the same resolved listen and
   * upstream is kept untouched (toxics, connections, enabled state); one that
   * differs is stopped and replaced by a new proxy without toxics.
   */
  async addOrReplace(spec: ProxySpec): Promise<Proxy> {
    const existing = this.proxies.get(spec.name);
    if (!existing) return this.create(spec);
    if (!(await existing.differs(spec))) return existing;
    await existing.stop();
    const replacement = new Proxy(spec.name, spec.listen, spec.upstream, this.env);
    // On a failed start the old proxy stays registered, stopped, as in the real server.
    if (spec.enabled) await replacement.start();
    this.proxies.set(spec.name, replacement);
    return replacement;
  }

  async remove(name: string): Promise<void> {
    const proxy = this.proxies.get(name);
    if (!proxy) throw notFound('proxy');
    this.proxies.delete(name);
    await proxy.stop();
  }

  /** Starts every proxy and removes every toxic, keeping live connections; stops at the first failure. */
  async reset(): Promise<void> {
    for (const proxy of this.proxies.values()) {
      await proxy.start();
      await proxy.toxics.removeAll();
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.proxies.values()].map((p) => p.stop()));
    this.proxies.clear();
  }
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
