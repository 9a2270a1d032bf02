/**
 * The contract every toxic keeps (one file per toxic, listed in `index.ts`).
 *
 * A toxic runs once per link (one connection, one direction) as an async loop
 * over `stub.next()`, like Toxiproxy's goroutine per stage:
 * - every wait (`next`, `send`, `sleep`) also ends when the stage is
 *   interrupted (the toxic was updated or removed): the toxic must then hand
 *   on what it holds (`stub.send` never drops) and return;
 * - end of stream (`null` from `next`) is handed on with `stub.close()`, when
 *   the toxic decides the close should happen;
 * - data is never dropped unless dropping it is the toxic's purpose (timeout,
 *   reset_peer, limit_data).
 * The link hands queued chunks on by itself after the toxic returns.
 */

/** One read from a socket: the unit every toxic works on. */
export interface Chunk {
  data: Buffer;
  /** When the chunk arrived, or was last released by a toxic: `performance.now()` ms. */
  time: number;
}

/** What `next()` yields when the stage was interrupted. */
export const INTERRUPTED: unique symbol = Symbol('interrupted');
/** What `nextWithin()` yields when no chunk came in time. */
export const TIMED_OUT: unique symbol = Symbol('timed out');
export type Next = Chunk | null | typeof INTERRUPTED;

/** Every attribute of every Toxiproxy toxic is an int64; units are in each toxic's file. */
export type Attributes = Record<string, number>;

export interface Stub<S = undefined> {
  /** The next chunk, `null` at end of stream, or INTERRUPTED. */
  next(): Promise<Next> | Next;
  /** Like `next`, but TIMED_OUT when nothing came within `ms` milliseconds. */
  nextWithin(ms: number): Promise<Next | typeof TIMED_OUT> | Next;
  /** Hands a chunk on. Never drops it; waits (interruptibly) when the next stage is full. */
  send(chunk: Chunk): Promise<void> | void;
  /** Waits `ms` milliseconds; false when interrupted first. */
  sleep(ms: number): Promise<boolean>;
  /** Ends the link: end of stream goes on to the writer, which closes the connection. */
  close(): void;
  readonly interrupted: boolean;
  /** Per-connection state, kept across updates of the toxic (see `newState`). */
  readonly state: S;
  /** Uniform in [0, 1), from the server's (seedable) random source. */
  random(): number;
}

export interface ToxicDefinition<A extends Attributes = Attributes, S = undefined> {
  /** The name used on the wire (`latency`, `slow_close`). */
  readonly type: string;
  /** Go's struct name, for decode errors that read like the real server's. */
  readonly goStruct: string;
  /** Attribute keys in the order the real server prints them; every value is an int64. */
  readonly attributes: readonly (keyof A & string)[];
  /**
   * Where the real server crashes or hangs on a value, the reason we refuse
   * it with a 400 instead; undefined when the attributes are acceptable.
   */
  check?(attributes: A): string | undefined;
  /** Chunks this toxic's input holds before the stage before it waits (default 1). */
  readonly bufferSize?: number;
  /** Connections opened while this toxic is in their chain close with RST, not FIN. */
  readonly resetsPeer?: boolean;
  /** Creates the per-connection state the stub carries. */
  newState?(): S;
  /** Runs when the toxic is removed from a live link, whether or not it won its toxicity roll. */
  cleanup?(stub: Stub<S>): void;
  pipe(stub: Stub<S>, attributes: A): Promise<void>;
}

/** Registry entries are stored without their precise attribute and state types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyToxicDefinition = ToxicDefinition<any, any>;

export const defineToxic = <A extends Attributes, S = undefined>(
  definition: ToxicDefinition<A, S>,
): ToxicDefinition<A, S> => definition;
