import type { PlannedFault } from '../experiment/index.ts';
import { serverFor, sourceOf, type FaultContext } from './context.ts';
import { errorText, FaultInjectionError } from './errors.ts';
import { targetOf, type FaultTarget } from './target.ts';

export interface InjectOptions {
  /** The journal time (ms since the run started) of t = 0, when the traffic started; fault.start counts from it. */
  t0: number;
}

export interface InjectedFault extends FaultTarget {
  /** When the server confirmed the fault minus when the plan put it, in ms (positive: late). */
  driftMs: number;
}

/**
 * Injects one fault: adds its toxic, or disables its proxy for `down`.
 * Journals `fault.injecting` (fsynced) BEFORE the call, so a crash during it
 * still leaves a trace for recover, then `fault.injected` with the drift from
 * the plan. On failure journals `fault.injection_failed` and throws
 * FaultInjectionError; the fault stays listed as possibly in effect (a call
 * that timed out may still have reached the server), so rollback removes it.
 */
export const injectFault = async (
  fault: PlannedFault,
  context: FaultContext,
  options: InjectOptions,
): Promise<InjectedFault> => {
  const { client } = serverFor(context, fault.host);
  const target = targetOf(fault, context);
  const plannedT = Math.round((options.t0 + fault.start) * 1000) / 1000;
  const source = sourceOf(context);
  const { action } = fault;
  context.journal.write({
    source,
    type: 'fault.injecting',
    host: target.host,
    url: target.url,
    fault: fault.name,
    proxy: target.proxy,
    toxic: target.toxic,
    kind: fault.type,
    ...(action.kind === 'toxic'
      ? { stream: action.toxic.stream, toxicity: action.toxic.toxicity, attributes: action.toxic.attributes }
      : {}),
    planned_t: plannedT,
  });
  try {
    if (action.kind === 'toxic') {
      await client.addToxic(target.proxy, { name: target.toxic ?? fault.name, ...action.toxic });
    } else {
      await client.updateProxy(target.proxy, { enabled: false });
    }
  } catch (error) {
    context.journal.write({ source, type: 'fault.injection_failed', fault: fault.name, error: errorText(error) });
    throw new FaultInjectionError(fault.name, target.url, error, target.host);
  }
  const driftMs = Math.round((context.journal.elapsed() - plannedT) * 1000) / 1000;
  context.journal.write({ source, type: 'fault.injected', fault: fault.name, drift_ms: driftMs });
  return { ...target, driftMs };
};
