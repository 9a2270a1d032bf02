import type { PlannedFault } from '../experiment/index.ts';
import type { FaultContext } from './context.ts';
import { serverFor } from './context.ts';
import { proxyServerName, toxicServerName } from './names.ts';
import { at } from './where.ts';

/** A fault as it sits on a server: what removing it acts on. Built from the plan or read back from a journal. */
export interface FaultTarget {
  /** The experiment's name for the fault. */
  fault: string;
  host: string;
  url: string;
  /** The proxy's name on the server. */
  proxy: string;
  /** The toxic's name on the server; null for `down`, which disables the proxy instead. */
  toxic: string | null;
}

export const targetOf = (fault: PlannedFault, context: FaultContext): FaultTarget => ({
  fault: fault.name,
  host: fault.host,
  url: serverFor(context, fault.host).url,
  proxy: proxyServerName(fault.proxy, context.runId),
  toxic: fault.action.kind === 'toxic' ? toxicServerName(fault.name, context.runId) : null,
});

/**
 * For people: `toxic x.gd-R on proxy p.gd-R at http://…`, or `proxy p.gd-R
 * disabled at http://…`; with several servers, `(host db)` after the URL.
 */
export const describeTarget = (target: FaultTarget): string =>
  target.toxic === null
    ? `proxy ${target.proxy} disabled (fault ${target.fault}) ${at(target.host, target.url)}`
    : `toxic ${target.toxic} on proxy ${target.proxy} ${at(target.host, target.url)}`;
