import { Float32, type Encodable } from '../json/index.ts';
import type { Proxy } from '../model/proxy.ts';
import type { ToxicJson } from '../model/toxic-collection.ts';

/** A proxy object in the real server's field order, `"Logger":{}` included (§3.0). */
export function proxyWire(proxy: Proxy): Encodable {
  const { name, listen, upstream, enabled, toxics } = proxy.toJSON();
  return { name, listen, upstream, enabled, Logger: {}, toxics: toxics.map(toxicWire) };
}

/** A toxic object; toxicity printed as Go prints a float32 (`0.1`, not `0.10000000149011612`). */
export function toxicWire(toxic: ToxicJson): Encodable {
  const { attributes, name, type, stream, toxicity } = toxic;
  return { attributes: { ...attributes }, name, type, stream, toxicity: new Float32(toxicity) };
}
