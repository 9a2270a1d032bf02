import { ApiError, notFound } from '../errors.ts';
import type { Direction, Link } from '../link/link.ts';
import type { ToxicSettings } from '../link/stage.ts';
import { toxicTypes } from '../toxics/index.ts';

/** A toxic as the API shows it, keys in the real server's order. */
export interface ToxicJson {
  attributes: Record<string, number>;
  name: string;
  type: string;
  stream: string;
  toxicity: number;
}

export interface NewToxic {
  name: string;
  type: string;
  /** The stream text as the client sent it (any case); it is echoed back as sent. */
  stream: string;
  toxicity: number;
  /** Every attribute of the type, zero-filled by the caller. */
  attributes: Record<string, number>;
}

interface Entry extends ToxicSettings {
  readonly type: string;
  readonly stream: string;
  readonly direction: Direction;
}

/**
 * A proxy's toxics, upstream and downstream, and their effect on its live
 * connections: adding appends to every live link of that direction,
 * updating restarts it there, removing takes it out without losing data.
 */
export class ToxicCollection {
  private entries: Entry[] = [];

  /** `links` gives the live links of one direction of the proxy's connections. */
  constructor(private readonly links: (direction: Direction) => Link[]) {}

  list(): ToxicJson[] {
    return this.ordered().map(toJson);
  }

  get(name: string): ToxicJson | undefined {
    const entry = this.find(name);
    return entry && toJson(entry);
  }

  /** The settings a new link of `direction` starts with. */
  settings(direction: Direction): Entry[] {
    return this.entries.filter((e) => e.direction === direction);
  }

  /** Whether a connection opened now must close with RST (reset_peer present). */
  get resetsPeer(): boolean {
    return this.entries.some((e) => e.definition.resetsPeer === true);
  }

  async add(toxic: NewToxic): Promise<ToxicJson> {
    const definition = toxicTypes.get(toxic.type);
    if (!definition) throw new ApiError('invalid toxic type', 400);
    if (this.find(toxic.name)) throw new ApiError('toxic already exists', 409);
    const entry: Entry = {
      name: toxic.name,
      type: toxic.type,
      stream: toxic.stream,
      direction: toxic.stream.toLowerCase() === 'upstream' ? 'upstream' : 'downstream',
      definition,
      toxicity: Math.fround(toxic.toxicity),
      attributes: { ...toxic.attributes },
    };
    this.entries.push(entry);
    await Promise.all(this.links(entry.direction).map((link) => link.add(entry)));
    return toJson(entry);
  }

  async update(name: string, change: { attributes?: Record<string, number>; toxicity?: number }): Promise<ToxicJson> {
    const current = this.find(name);
    if (!current) throw notFound('toxic');
    const entry: Entry = {
      ...current,
      toxicity: change.toxicity === undefined ? current.toxicity : Math.fround(change.toxicity),
      attributes: { ...current.attributes, ...change.attributes },
    };
    this.entries[this.entries.indexOf(current)] = entry;
    await Promise.all(this.links(entry.direction).map((link) => link.update(entry)));
    return toJson(entry);
  }

  async remove(name: string): Promise<void> {
    const entry = this.find(name);
    if (!entry) throw notFound('toxic');
    this.entries = this.entries.filter((e) => e !== entry);
    await Promise.all(this.links(entry.direction).map((link) => link.remove(name)));
  }

  async removeAll(): Promise<void> {
    for (const entry of [...this.entries]) await this.remove(entry.name);
  }

  private find(name: string): Entry | undefined {
    return this.entries.find((e) => e.name === name);
  }

  private ordered(): Entry[] {
    return [...this.settings('upstream'), ...this.settings('downstream')];
  }
}

function toJson(entry: Entry): ToxicJson {
  const attributes: Record<string, number> = {};
  for (const key of entry.definition.attributes) attributes[key] = entry.attributes[key] ?? 0;
  return { attributes, name: entry.name, type: entry.type, stream: entry.stream, toxicity: entry.toxicity };
}
