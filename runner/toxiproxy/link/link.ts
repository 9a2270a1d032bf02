import type { Socket } from 'node:net';
import type { Item, Sink } from './inbox.ts';
import { Stage, type ToxicSettings } from './stage.ts';

export type Direction = 'upstream' | 'downstream';

export interface LinkHooks {
  random(): number;
  /** The link's writer reached end of stream: the connection must close. */
  onEnd(link: Link): void;
  onError(error: unknown): void;
}

/**
 * One direction of one proxied connection: source socket → toxics → destination socket.
 * Each socket read becomes one chunk. With no toxic the reader hands chunks
 * straight to the writer. Toxics are added, changed and removed while data
 * flows; chunks queued in a removed toxic go on at once, in order.
 */
export class Link {
  /** Bytes read from the source and written to the destination, for /metrics. */
  received = 0;
  sent = 0;
  private stages: Stage[] = [];
  private readonly writer: Sink;
  private ended = false;
  private sourceDone = false;

  constructor(
    readonly direction: Direction,
    private readonly source: Socket,
    private readonly destination: Socket,
    toxics: readonly ToxicSettings[],
    private readonly hooks: LinkHooks,
  ) {
    this.writer = this.makeWriter();
    this.stages = toxics.map((toxic) => this.newStage(toxic));
    this.stages.forEach((stage, i) => {
      stage.out = this.stages[i + 1]?.input ?? this.writer;
      stage.start();
    });
  }

  /** Starts reading the source. */
  start(): void {
    const source = this.source;
    source.on('data', (data: Buffer) => {
      this.received += data.length;
      const head = this.head();
      if (!head.push({ data, time: performance.now() })) {
        source.pause();
        void head.room().then(() => {
          if (!this.ended) source.resume();
        });
      }
    });
    const finish = (): void => {
      if (this.sourceDone) return;
      this.sourceDone = true;
      this.head().push(null);
    };
    source.on('end', finish);
    source.on('close', finish);
    source.resume();
  }

  get toxicNames(): string[] {
    return this.stages.map((s) => s.name);
  }

  /**
   * Appends a toxic to the end of the chain. As in Toxiproxy, the toxic
   * before it is restarted to be rewired: what it held goes on at once and
   * its toxicity is drawn again.
   */
  async add(settings: ToxicSettings): Promise<void> {
    const stage = this.newStage(settings);
    const last = this.stages.at(-1);
    this.stages.push(stage);
    stage.start();
    if (!last) return;
    await last.stop();
    last.out = stage.input;
    if (!this.ended) last.start();
  }

  /** Restarts a toxic with new settings; its per-connection state is kept. */
  async update(settings: ToxicSettings): Promise<void> {
    const stage = this.stages.find((s) => s.name === settings.name);
    if (!stage) return;
    await stage.stop();
    stage.settings = settings;
    if (!this.ended) stage.start();
  }

  /**
   * Removes a toxic; what it held and what waited for it goes on at once, in
   * order. The toxic before it is restarted to be rewired (and re-rolled).
   */
  async remove(name: string): Promise<void> {
    const stage = this.stages.find((s) => s.name === name);
    if (!stage) return;
    const before = this.stages[this.stages.indexOf(stage) - 1];
    await Promise.all([stage.stop(), before?.stop()]);
    stage.settings.definition.cleanup?.(stage);
    if (before) before.out = stage.out;
    this.stages.splice(this.stages.indexOf(stage), 1);
    stage.input.drainInto(stage.out);
    if (before && !this.ended) before.start();
  }

  /** Stops every toxic's timers; the sockets are the connection's to close. */
  async stop(): Promise<void> {
    this.ended = true;
    await Promise.all(this.stages.map((s) => s.stop()));
  }

  private newStage(settings: ToxicSettings): Stage {
    return new Stage(settings, this.writer, { random: this.hooks.random, onError: this.hooks.onError });
  }

  private head(): Sink {
    return this.stages[0]?.input ?? this.writer;
  }

  private makeWriter(): Sink {
    const destination = this.destination;
    return {
      push: (item: Item): boolean => {
        if (this.ended) return true;
        if (item === null) {
          this.ended = true;
          this.hooks.onEnd(this);
          return true;
        }
        if (destination.destroyed) return true;
        this.sent += item.data.length;
        return destination.write(item.data);
      },
      room: () =>
        new Promise<void>((resolve) => {
          if (!destination.writableNeedDrain || destination.destroyed) return resolve();
          const done = (): void => {
            destination.off('drain', done);
            destination.off('close', done);
            resolve();
          };
          destination.on('drain', done);
          destination.on('close', done);
        }),
    };
  }
}
