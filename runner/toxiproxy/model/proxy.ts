import { createServer, connect, type Server, type Socket } from 'node:net';
import { ApiError } from '../errors.ts';
import { Connection } from '../link/connection.ts';
import type { Direction } from '../link/link.ts';
import { bindError, formatAddress, formatBound, resolveAddress, splitHostPort } from './address.ts';
import type { ProxyMetrics } from './metrics.ts';
import { ToxicCollection, type ToxicJson } from './toxic-collection.ts';

export interface ProxySpec {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
}

export interface ServerEnv {
  random(): number;
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: object): void;
  readonly metrics: ProxyMetrics;
}

/** A proxy as the API shows it, keys in the real server's order (`Logger` included, as it sends it). */
export interface ProxyJson {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
  Logger: Record<string, never>;
  toxics: ToxicJson[];
}

/**
 * One listener and its upstream. While enabled it accepts clients, dials the
 * upstream for each (without blocking other accepts) and joins them with a
 * Connection carrying the proxy's toxics.
 */
export class Proxy {
  readonly toxics: ToxicCollection;
  private server: Server | undefined;
  private readonly connections = new Set<Connection>();
  private _listen: string;
  private _upstream: string;

  constructor(
    readonly name: string,
    listen: string,
    upstream: string,
    private readonly env: ServerEnv,
  ) {
    this._listen = listen;
    this._upstream = upstream;
    this.toxics = new ToxicCollection((direction) => this.links(direction));
  }

  /** The bound address while enabled; the address as given while disabled. */
  get listen(): string {
    return this._listen;
  }

  get upstream(): string {
    return this._upstream;
  }

  get enabled(): boolean {
    return this.server !== undefined;
  }

  toJSON(): ProxyJson {
    const { name, listen, upstream, enabled } = this;
    return { name, listen, upstream, enabled, Logger: {}, toxics: this.toxics.list() };
  }

  /**
   * Whether `spec` asks for another listen (compared resolved, as 2.12 does)
   * or upstream. A listen that does not resolve throws Go's address error
   * before anything is compared or stopped.
   */
  async differs(spec: { listen: string; upstream: string }): Promise<boolean> {
    const listen = formatAddress(await resolveAddress(spec.listen));
    return listen !== this._listen || spec.upstream !== this._upstream;
  }

  /** Binds the listen address; on failure the proxy stays disabled and the error is Go's. */
  async start(): Promise<void> {
    if (this.server) return;
    let address;
    try {
      address = await resolveAddress(this._listen);
    } catch (error) {
      throw error instanceof ApiError ? new ApiError(`listen tcp: ${error.message}`, error.status) : error;
    }
    const server = createServer({ allowHalfOpen: true, pauseOnConnect: true }, (client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error) => reject(bindError(formatAddress(address), error)));
      server.listen({ host: address.host || undefined, port: address.port, exclusive: true }, resolve);
    });
    server.on('error', (error) => this.env.log('error', 'proxy listener failed', { proxy: this.name, error: String(error) }));
    const bound = server.address();
    if (bound && typeof bound === 'object') this._listen = formatBound(bound);
    this.server = server;
    this.env.log('info', 'Started proxy', { name: this.name, listen: this._listen, upstream: this._upstream });
  }

  /** Closes the listener and every live connection (FIN); toxics are kept. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const connection of this.connections) connection.destroy();
    await closed;
    this.env.log('info', 'Terminated proxy', { name: this.name });
  }

  /** §3.5: partial update; a listen or upstream change restarts the proxy. */
  async update(change: { listen?: string; upstream?: string; enabled?: boolean }): Promise<void> {
    const listen = change.listen ?? this._listen;
    const upstream = change.upstream ?? this._upstream;
    const enabled = change.enabled ?? this.enabled;
    const resolved = formatAddress(await resolveAddress(listen));
    if (resolved !== this._listen || upstream !== this._upstream) {
      await this.stop();
      this._listen = listen;
      this._upstream = upstream;
    }
    if (enabled && !this.enabled) await this.start();
    if (!enabled && this.enabled) await this.stop();
  }

  private links(direction: Direction) {
    return [...this.connections].map((c) => c.link(direction));
  }

  private accept(client: Socket): void {
    let upstream: Socket;
    try {
      const { host, port } = splitHostPort(this._upstream);
      upstream = connect({ host: host || 'localhost', port: Number(port), allowHalfOpen: true });
    } catch {
      client.destroy();
      return;
    }
    upstream.pause();
    const toxics = { upstream: this.toxics.settings('upstream'), downstream: this.toxics.settings('downstream') };
    const connection = new Connection(client, upstream, toxics, this.toxics.resetsPeer, {
      random: this.env.random,
      onError: (error) => this.env.log('error', 'toxic failed', { proxy: this.name, error: String(error) }),
      onClosed: (closed) => {
        this.connections.delete(closed);
        this.env.metrics.linkEnded(this, closed.upstreamLink);
        this.env.metrics.linkEnded(this, closed.downstreamLink);
      },
    });
    this.connections.add(connection);
    // The client waits, unread, until the upstream answers; a failed dial closes it at once.
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      connection.start();
    });
    upstream.once('close', () => {
      if (!connected) client.destroy();
    });
    if (!this.server) connection.destroy();
  }
}
