import { parseRunName } from '../faults/index.ts';
import type { Experiment, Plan } from '../experiment/index.ts';
import type { EventOf, JournalEvent } from '../journal/index.ts';

/** One fault of the run, as the journal recorded it. Times are journal ms. */
export interface FaultFact {
  name: string;
  kind: string;
  /** The experiment's name for the proxy (without the run mark). */
  proxy: string;
  /** What it does, for people: the plan's summary, else `<kind> on <proxy>`. */
  summary: string;
  /** What it simulates, from the experiment. */
  description: string | null;
  /** The service whose calls go through the proxy. */
  service: string | null;
  /** The service the proxy forwards to, when its address is one of a service's. */
  dependency: string | null;
  injected: { t: number; at: string } | null;
  removed: { t: number; at: string } | null;
  /** Why it could not be injected. */
  failed: string | null;
  /** Why it could not be removed, and what is left. */
  removalFailed: string | null;
}

/** Every fault the run started to inject, in journal order. */
export const faultFacts = (events: readonly JournalEvent[], experiment: Experiment | undefined, plan: Plan | undefined): FaultFact[] => {
  const facts = new Map<string, FaultFact>();
  for (const e of events) {
    if (e.type === 'fault.injecting') facts.set(e.fault, newFault(e, experiment, plan));
    const fact = 'fault' in e && typeof e.fault === 'string' ? facts.get(e.fault) : undefined;
    if (fact === undefined) continue;
    if (e.type === 'fault.injected') fact.injected = { t: e.t, at: e.at };
    if (e.type === 'fault.injection_failed') fact.failed = e.error;
    if (e.type === 'fault.removed') fact.removed = { t: e.t, at: e.at };
    if (e.type === 'fault.removal_failed') fact.removalFailed = e.left === undefined ? e.error : `${e.error}; left: ${e.left}`;
  }
  return [...facts.values()];
};

const newFault = (e: EventOf<'fault.injecting'>, experiment: Experiment | undefined, plan: Plan | undefined): FaultFact => {
  const proxy = parseRunName(e.proxy)?.base ?? e.proxy;
  const planned = plan?.faults.find((f) => f.name === e.fault);
  const proxySpec = plan?.proxies.find((p) => p.name === proxy);
  return {
    name: e.fault,
    kind: e.kind,
    proxy,
    summary: planned?.summary ?? `${e.kind} on ${proxy}`,
    description: experiment?.faults.find((f) => f.name === e.fault)?.description ?? null,
    service: proxySpec?.service ?? null,
    dependency: proxySpec === undefined || experiment === undefined ? null : serviceAt(experiment, proxySpec.upstream),
    injected: null,
    removed: null,
    failed: null,
    removalFailed: null,
  };
};

/** The service whose url or health check listens on `hostPort`. */
const serviceAt = (experiment: Experiment, hostPort: string): string | null => {
  for (const service of experiment.services) {
    for (const url of [service.url, service.health?.url]) {
      if (url === undefined) continue;
      const parsed = URL.canParse(url) ? new URL(url) : undefined;
      if (parsed !== undefined && `${parsed.hostname}:${parsed.port}` === hostPort) return service.name;
    }
  }
  return null;
};

/**
 * The fault an event at journal time `t` follows: the latest injected at or
 * before `t` that was still on at `t`, else the latest injected before `t`.
 */
export const faultAt = (faults: readonly FaultFact[], t: number): FaultFact | undefined => {
  const before = faults.filter((f) => f.injected !== null && f.injected.t <= t).sort((a, b) => a.injected!.t - b.injected!.t);
  return before.findLast((f) => f.removed === null || f.removed.t >= t) ?? before.at(-1);
};
