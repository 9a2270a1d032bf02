import type { Socket } from 'node:net';
import { Link, type Direction } from './link.ts';
import type { ToxicSettings } from './stage.ts';

export interface ConnectionHooks {
  random(): number;
  onError(error: unknown): void;
  /** Both sockets are closed; the links' byte counts are final. */
  onClosed(connection: Connection): void;
}

/**
 * A client accepted by a proxy and its socket to the upstream, joined by two
 * links. There is no half-close, as in Toxiproxy: when either link reaches
 * end of stream its destination is closed once written out, which ends the
 * other link, which closes the other socket.
 */
export class Connection {
  readonly upstreamLink: Link;
  readonly downstreamLink: Link;
  private closedSockets = 0;

  constructor(
    readonly client: Socket,
    readonly upstream: Socket,
    toxics: { upstream: readonly ToxicSettings[]; downstream: readonly ToxicSettings[] },
    /** Set when a reset_peer toxic was present at the start: every close sends RST (linger 0). */
    private readonly resetOnClose: boolean,
    private readonly hooks: ConnectionHooks,
  ) {
    const linkHooks = { random: hooks.random, onError: hooks.onError, onEnd: (link: Link) => this.endSide(link) };
    this.upstreamLink = new Link('upstream', client, upstream, toxics.upstream, linkHooks);
    this.downstreamLink = new Link('downstream', upstream, client, toxics.downstream, linkHooks);
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      socket.on('error', () => socket.destroy());
      socket.once('close', () => this.socketClosed());
    }
  }

  start(): void {
    this.upstreamLink.start();
    this.downstreamLink.start();
  }

  link(direction: Direction): Link {
    return direction === 'upstream' ? this.upstreamLink : this.downstreamLink;
  }

  /** Closes both sockets now (disable, delete, listen change): a FIN, or RST under reset_peer. */
  destroy(): void {
    this.closeSocket(this.client);
    this.closeSocket(this.upstream);
  }

  private endSide(link: Link): void {
    const destination = link === this.upstreamLink ? this.upstream : this.client;
    if (destination.destroyed) return;
    if (this.resetOnClose) return this.closeSocket(destination);
    destination.end(() => destination.destroy());
  }

  private closeSocket(socket: Socket): void {
    if (socket.destroyed) return;
    if (this.resetOnClose && socket.readyState !== 'opening') socket.resetAndDestroy();
    else socket.destroy();
  }

  private socketClosed(): void {
    this.closedSockets++;
    if (this.closedSockets < 2) return;
    void Promise.all([this.upstreamLink.stop(), this.downstreamLink.stop()]).then(
      () => this.hooks.onClosed(this),
      this.hooks.onError,
    );
  }
}
