import type { Chunk } from '../toxics/toxic.ts';

/** An item on a link: a chunk, or `null` for end of stream. */
export type Item = Chunk | null;

/**
 * Where a stage (or the reader) hands items on. `push` always accepts the item
 * (nothing is ever dropped on the way) and returns false when the receiver is
 * over its capacity: the sender should then wait for `room()`.
 */
export interface Sink {
  push(item: Item): boolean;
  room(): Promise<void>;
}

/** A stage's input queue: FIFO, holding `capacity` items before it asks senders to wait. */
export class Inbox implements Sink {
  private items: Item[] = [];
  private head = 0;
  private reader: ((item: Item) => void) | undefined;
  private roomWaiters: (() => void)[] = [];

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.items.length - this.head;
  }

  push(item: Item): boolean {
    const reader = this.reader;
    if (reader) {
      this.reader = undefined;
      reader(item);
      return true;
    }
    this.items.push(item);
    return this.size < this.capacity;
  }

  room(): Promise<void> {
    if (this.size < this.capacity) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  /** The oldest item, or undefined when empty. */
  shift(): Item | undefined {
    if (this.head === this.items.length) return undefined;
    const item = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    if (this.size < this.capacity) this.wakeSenders();
    return item;
  }

  /** Calls `reader` with the next item pushed (only when the inbox is empty). */
  waitForItem(reader: (item: Item) => void): void {
    this.reader = reader;
  }

  cancelWait(): void {
    this.reader = undefined;
  }

  /** Hands every queued item to `sink`, in order, and releases waiting senders. */
  drainInto(sink: Sink): void {
    for (let item = this.shift(); item !== undefined; item = this.shift()) sink.push(item);
    this.wakeSenders();
  }

  private wakeSenders(): void {
    const waiters = this.roomWaiters;
    if (waiters.length === 0) return;
    this.roomWaiters = [];
    for (const wake of waiters) wake();
  }
}
