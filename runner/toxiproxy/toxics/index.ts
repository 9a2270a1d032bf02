import { bandwidth } from './bandwidth.ts';
import { latency } from './latency.ts';
import { limitData } from './limit-data.ts';
import { noop } from './noop.ts';
import { resetPeer } from './reset-peer.ts';
import { slicer } from './slicer.ts';
import { slowClose } from './slow-close.ts';
import { timeout } from './timeout.ts';
import type { AnyToxicDefinition } from './toxic.ts';

/** Every toxic, keyed by the name used on the wire. `down` is not a toxic: it is a disabled proxy. */
export const toxicTypes: ReadonlyMap<string, AnyToxicDefinition> = new Map(
  [latency, bandwidth, slowClose, timeout, resetPeer, slicer, limitData, noop].map((t) => [t.type, t as AnyToxicDefinition]),
);

export { INTERRUPTED, TIMED_OUT } from './toxic.ts';
export type { AnyToxicDefinition, Attributes, Chunk, Stub, ToxicDefinition } from './toxic.ts';
