import type { JournalEvent } from '../journal/index.ts';
import type { FaultTarget } from './target.ts';

/** A proxy a run created (or was creating) on a server. */
export interface MadeProxy {
  host: string;
  url: string;
  /** Its name on the server. */
  name: string;
}

/** What a run may still have on its Toxiproxy servers, by the journal. */
export interface Footprint {
  /** Proxies created or being created, and not deleted since. */
  proxies: MadeProxy[];
  /** Faults injected or being injected (even if that failed), and not removed since. */
  faults: FaultTarget[];
}

/**
 * Reads a journal's events into what the run may have left. Everything is
 * journaled before the call that makes it, so the footprint can only
 * overstate: a proxy or toxic it lists may turn out already gone, never the
 * other way round. A fault removed by disabling its proxy counts as removed;
 * the disabled proxy is still listed, since it is still there.
 */
export const footprintOf = (events: readonly JournalEvent[]): Footprint => {
  const proxies = new Map<string, MadeProxy>();
  const faults = new Map<string, FaultTarget>();
  const proxyKey = (host: string, name: string): string => `${host}\u0000${name}`;
  for (const event of events) {
    switch (event.type) {
      case 'proxy.creating':
        proxies.set(proxyKey(event.host, event.name), { host: event.host, url: event.url, name: event.name });
        break;
      case 'proxy.deleted':
        proxies.delete(proxyKey(event.host, event.name));
        break;
      case 'fault.injecting':
        faults.set(event.fault, {
          fault: event.fault,
          host: event.host,
          url: event.url,
          proxy: event.proxy,
          toxic: event.toxic,
        });
        break;
      case 'fault.removed':
        faults.delete(event.fault);
        break;
      default:
        break;
    }
  }
  return { proxies: [...proxies.values()], faults: [...faults.values()] };
};

export const isEmptyFootprint = (footprint: Footprint): boolean =>
  footprint.proxies.length === 0 && footprint.faults.length === 0;
