import { formatDuration } from './duration.ts';
import type { Fault, ToxiproxySpec } from './schema.ts';

/** The host name of the only server, when the experiment does not list servers by host. */
export const DEFAULT_SERVER = 'default';

export interface PlannedServer {
  host: string;
  /** The API URL; null means the embedded server, started in-process. */
  url: string | null;
}

/** The body of POST /proxies/{proxy}/toxics, in the Toxiproxy API's units (ms, KB/s, bytes, µs for slicer delay). */
export interface ToxicBody {
  type: Exclude<Fault['type'], 'down'>;
  stream: 'downstream' | 'upstream';
  toxicity: number;
  attributes: Record<string, number>;
}

/** The servers a run drives: the experiment's list, its one URL, else TOXIPROXY_URL, else the embedded one. */
export const resolveServers = (spec: ToxiproxySpec | undefined, toxiproxyUrl: string | undefined): PlannedServer[] => {
  if (Array.isArray(spec)) return spec.map((server) => ({ host: server.host, url: server.url }));
  const url = spec ?? (toxiproxyUrl === undefined || toxiproxyUrl === '' ? null : toxiproxyUrl);
  return [{ host: DEFAULT_SERVER, url }];
};

/** The toxic a fault adds, or undefined for `down` (which disables the proxy instead). */
export const toxicFor = (fault: Fault): ToxicBody | undefined => {
  if (fault.type === 'down') return undefined;
  return { type: fault.type, stream: fault.stream, toxicity: fault.toxicity, attributes: { ...fault.attributes } };
};

/** One line for people: what the fault does, where. */
export const describeFault = (fault: Fault): string => {
  if (fault.type === 'down') return `proxy ${fault.proxy} down (connections refused)`;
  const where = `on ${fault.proxy} ${fault.stream}`;
  const chance = fault.toxicity === 1 ? '' : `, toxicity ${fault.toxicity}`;
  return `${whatToxic(fault)} ${where}${chance}`;
};

const whatToxic = (fault: Exclude<Fault, { type: 'down' }>): string => {
  switch (fault.type) {
    case 'latency': {
      const { latency, jitter } = fault.attributes;
      return `latency ${formatDuration(latency)}${jitter > 0 ? ` ± ${formatDuration(jitter)}` : ''}`;
    }
    case 'bandwidth':
      return `bandwidth ${fault.attributes.rate} KB/s`;
    case 'slow_close':
      return `slow close by ${formatDuration(fault.attributes.delay)}`;
    case 'timeout':
      return fault.attributes.timeout === 0
        ? 'timeout: data dropped, connections held open'
        : `timeout: data dropped, connections closed after ${formatDuration(fault.attributes.timeout)}`;
    case 'reset_peer':
      return `reset peer after ${formatDuration(fault.attributes.timeout)}`;
    case 'slicer': {
      const { average_size: size, size_variation: variation, delay } = fault.attributes;
      return `slicer ${size} B${variation > 0 ? ` ± ${variation} B` : ''}${delay > 0 ? `, ${delay} µs apart` : ''}`;
    }
    case 'limit_data':
      return `limit data to ${fault.attributes.bytes} B per connection`;
    case 'noop':
      return 'noop';
  }
};
