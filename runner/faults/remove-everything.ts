import type { JournalEvent } from '../journal/index.ts';
import type { Proxy } from '../toxiproxy-client/index.ts';
import { deleteProxyByHand, enableProxyByHand, removeToxicByHand } from './by-hand.ts';
import { say, sourceOf, type FaultContext, type FaultServer } from './context.ts';
import { errorText, isNotFound } from './errors.ts';
import { footprintOf, type Footprint } from './footprint.ts';
import { isFromRun } from './names.ts';
import { escalate } from './remove.ts';
import { describeTarget, type FaultTarget } from './target.ts';
import { at, serverName, unreachableReason } from './where.ts';

export interface CleanupResult {
  /** Nothing this run made is left on any server it could account for. */
  complete: boolean;
  /** What was removed now, for people: one line each. */
  removed: string[];
  /** What is still there, each with what to do by hand. */
  left: string[];
  /** Servers that could not be asked what they hold, each with why (absent when every one answered); what the run has there is in `left`. */
  unreachable?: UnreachableServer[];
}

export interface UnreachableServer {
  host: string;
  url: string;
  /** `connection refused`, `no answer to GET /proxies within 2000 ms`. */
  reason: string;
  /** How many things of this run the journal places there (all in `left`). */
  left: number;
}

/**
 * Removes from every server what this run made, and nothing else: the
 * proxies and faults its journal lists (or a Footprint), plus anything on the
 * servers whose name carries this run's id. Never /reset: servers are shared.
 *
 * Per server: one GET /proxies shows what is really there; what the journal
 * lists but the server no longer has is journaled as already gone; each proxy
 * of this run is deleted, which removes its toxics and ends `down` too; if a
 * delete fails, each fault on that proxy is removed with the usual escalation.
 * Servers are cleaned in parallel; every call has the client's timeout.
 */
export const removeEverything = async (
  made: readonly JournalEvent[] | Footprint,
  context: FaultContext,
): Promise<CleanupResult> => {
  const footprint = isFootprint(made) ? made : footprintOf(made);
  const hosts = new Set([
    ...context.servers.keys(),
    ...footprint.proxies.map((proxy) => proxy.host),
    ...footprint.faults.map((fault) => fault.host),
  ]);
  const results = await Promise.all(
    [...hosts].map((host) =>
      cleanHost(
        host,
        {
          proxies: footprint.proxies.filter((proxy) => proxy.host === host),
          faults: footprint.faults.filter((fault) => fault.host === host),
        },
        context,
      ),
    ),
  );
  const removed = results.flatMap((result) => result.removed);
  const left = results.flatMap((result) => result.left);
  const unreachable = results.flatMap((result) => result.unreachable ?? []);
  return { complete: left.length === 0, removed, left, ...(unreachable.length === 0 ? {} : { unreachable }) };
};

const isFootprint = (made: readonly JournalEvent[] | Footprint): made is Footprint => !Array.isArray(made);

const cleanHost = async (host: string, here: Footprint, context: FaultContext): Promise<CleanupResult> => {
  const server = context.servers.get(host);
  if (server === undefined) return unreachable(host, here, context, `this run has no connection to host "${host}"`);
  let listed: Record<string, Proxy>;
  try {
    listed = await server.client.listProxies();
  } catch (error) {
    return unreachable(host, here, context, unreachableReason(error));
  }
  const write = context.journal.write.bind(context.journal);
  const source = sourceOf(context);
  const { url } = server;
  const removed: string[] = [];
  const left: string[] = [];

  for (const proxy of here.proxies) {
    if (listed[proxy.name] === undefined) {
      write({ source, type: 'proxy.deleted', host, url, name: proxy.name, how: 'already_gone' });
    }
  }
  const active = here.faults.filter((fault) => {
    if (stillThere(fault, listed)) return true;
    write({ source, type: 'fault.removed', fault: fault.fault, how: 'already_gone' });
    return false;
  });

  const ours = Object.values(listed).filter((proxy) => isFromRun(proxy.name, context.runId));
  for (const proxy of ours) {
    const onIt = active.filter((fault) => fault.proxy === proxy.name);
    for (const fault of onIt) write({ source, type: 'fault.removing', fault: fault.fault, reason: 'rollback' });
    const outcome = await deleteProxy(server, proxy.name);
    if ('how' in outcome) {
      write({ source, type: 'proxy.deleted', host, url, name: proxy.name, how: outcome.how });
      for (const fault of onIt) write({ source, type: 'fault.removed', fault: fault.fault, how: 'proxy_deleted' });
      const faults = onIt.length === 0 ? '' : ` (with ${onIt.map(faultOnProxy).join(', ')})`;
      removed.push(`proxy ${proxy.name} ${at(host, url)}${faults}`);
      continue;
    }
    const byHand = deleteProxyByHand(url, proxy.name);
    write({
      source,
      type: 'rollback.step',
      step: `delete proxy ${proxy.name} at ${url}`,
      ok: false,
      detail: `${outcome.error}; by hand: ${byHand}`,
    });
    say(context, `could not delete proxy ${proxy.name} ${at(host, url)}: ${outcome.error}`);
    left.push(`proxy ${proxy.name} ${at(host, url)}: ${byHand}`);
    for (const fault of onIt) left.push(...(await escalate(fault, context)).left);
  }

  // Faults on proxies that are not this run's: their toxics carry our id, the proxy is someone else's.
  const elsewhere = active.filter((fault) => !ours.some((proxy) => proxy.name === fault.proxy));
  for (const fault of elsewhere) {
    write({ source, type: 'fault.removing', fault: fault.fault, reason: 'rollback' });
    const result = await escalate(fault, context);
    if (result.removed) removed.push(describeTarget(fault));
    else left.push(...result.left);
  }

  // Toxics named for this run that the journal does not list, on proxies that are not this run's.
  for (const proxy of Object.values(listed)) {
    if (isFromRun(proxy.name, context.runId)) continue;
    for (const toxic of proxy.toxics) {
      const known = elsewhere.some((fault) => fault.proxy === proxy.name && fault.toxic === toxic.name);
      if (known || !isFromRun(toxic.name, context.runId)) continue;
      const step = `remove toxic ${toxic.name} from proxy ${proxy.name} at ${url}`;
      try {
        await server.client.removeToxic(proxy.name, toxic.name);
        removed.push(`toxic ${toxic.name} on proxy ${proxy.name} ${at(host, url)}`);
        write({ source, type: 'rollback.step', step, ok: true, detail: 'named for this run; not in the journal' });
      } catch (error) {
        if (isNotFound(error)) continue;
        const byHand = removeToxicByHand(url, proxy.name, toxic.name);
        write({ source, type: 'rollback.step', step, ok: false, detail: `${errorText(error)}; by hand: ${byHand}` });
        left.push(`toxic ${toxic.name} on proxy ${proxy.name} ${at(host, url)}: ${byHand}`);
      }
    }
  }
  return { complete: left.length === 0, removed, left };
};

/** Whether the fault still acts: its toxic is on its proxy, or (for `down`) its proxy is disabled. */
const stillThere = (fault: FaultTarget, listed: Record<string, Proxy>): boolean => {
  const proxy = listed[fault.proxy];
  if (proxy === undefined) return false;
  if (fault.toxic === null) return !proxy.enabled;
  return proxy.toxics.some((toxic) => toxic.name === fault.toxic);
};

const deleteProxy = async (
  server: FaultServer,
  name: string,
): Promise<{ how: 'deleted' | 'already_gone' } | { error: string }> => {
  try {
    await server.client.deleteProxy(name);
    return { how: 'deleted' };
  } catch (error) {
    if (isNotFound(error)) return { how: 'already_gone' };
    return { error: errorText(error) };
  }
};

/**
 * The server cannot be asked what it holds: everything the journal lists
 * there is left, with how to remove it, and the host is named loudly, since
 * the other hosts were cleaned regardless and a later recover finishes here.
 */
const unreachable = (host: string, here: Footprint, context: FaultContext, why: string): CleanupResult => {
  const url = context.servers.get(host)?.url ?? here.proxies[0]?.url ?? here.faults[0]?.url ?? host;
  const left = [
    ...here.proxies.map((proxy) => `proxy ${proxy.name} ${at(host, proxy.url)}: ${deleteProxyByHand(proxy.url, proxy.name)}`),
    ...here.faults
      .filter((fault) => !here.proxies.some((proxy) => proxy.name === fault.proxy))
      .map((fault) => `${describeTarget(fault)}: ${byHandFor(fault)}`),
  ];
  context.journal.write({
    source: sourceOf(context),
    type: 'rollback.step',
    step: `clean up on Toxiproxy ${host} (${url})`,
    ok: left.length === 0,
    detail: left.length === 0 ? `not reachable (${why}), but nothing of this run is recorded there` : why,
  });
  if (left.length > 0) {
    const others = context.servers.size > 1 ? 'the other servers are cleaned all the same; ' : '';
    say(
      context,
      `could not reach ${serverName(host, url)}: ${why}; ${left.length} thing(s) of this run are still there ` +
        `(${others}run gameday recover on this run once it answers)`,
    );
  }
  return { complete: left.length === 0, removed: [], left, unreachable: [{ host, url, reason: why, left: left.length }] };
};

const byHandFor = (fault: FaultTarget): string =>
  fault.toxic === null
    ? enableProxyByHand(fault.url, fault.proxy)
    : removeToxicByHand(fault.url, fault.proxy, fault.toxic);

const faultOnProxy = (fault: FaultTarget): string =>
  fault.toxic === null ? `fault ${fault.fault}, proxy disabled` : `toxic ${fault.toxic}`;
