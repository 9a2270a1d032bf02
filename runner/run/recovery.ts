import { checkSteadyState } from '../probes/index.ts';
import { untilTime, type RunContext } from './context.ts';
import { MONITOR_EVERY_MS } from './monitor.ts';

export interface RecoveryResult {
  /** Per service with probes: ms from the end of the faults to recovery; null when it did not recover in time. */
  services: Map<string, number | null>;
}

/**
 * After the last fault: watches each service's probes until they are within
 * tolerance again, at most `steady_state.recovery_timeout`. A service has
 * recovered at the first moment its probes held over the trailing window
 * (two probe intervals, at least 1 s) that lies wholly after the faults.
 */
export async function checkRecovery(context: RunContext, faultsEnd: number): Promise<RecoveryResult> {
  const { experiment, journal } = context;
  journal.write({ source: 'runner', type: 'phase.started', phase: 'recovery' });
  const probesOf = new Map<string, typeof experiment.steady_state.probes>();
  for (const probe of experiment.steady_state.probes) {
    if (probe.service === undefined) continue;
    probesOf.set(probe.service, [...(probesOf.get(probe.service) ?? []), probe]);
  }
  const result = new Map<string, number | null>();
  const deadline = faultsEnd + experiment.steady_state.recovery_timeout;
  while (result.size < probesOf.size && !context.signal.aborted) {
    const now = journal.elapsed();
    for (const [service, probes] of probesOf) {
      if (result.has(service)) continue;
      const window = Math.max(1000, ...probes.map((p) => 2 * p.interval));
      if (now - window < faultsEnd) continue;
      if (!checkSteadyState(context.store, probes, { from: now - window, to: now }).held) continue;
      result.set(service, Math.round(now - faultsEnd));
      journal.write({ source: 'probe', type: 'recovery.checked', service, recovered: true, after_ms: Math.round(now - faultsEnd), detail: `probes within tolerance over the last ${window / 1000}s` });
      context.say(`  ${service} recovered ${((now - faultsEnd) / 1000).toFixed(1)}s after the faults`);
    }
    if (now >= deadline) break;
    await untilTime(context, Math.min(deadline, now + MONITOR_EVERY_MS), context.signal);
  }
  for (const service of probesOf.keys()) {
    if (result.has(service) || context.signal.aborted) continue;
    result.set(service, null);
    const detail = `probes still out of tolerance ${experiment.steady_state.recovery_timeout / 1000}s after the faults`;
    journal.write({ source: 'probe', type: 'recovery.checked', service, recovered: false, after_ms: null, detail });
    context.say(`  ${service} did NOT recover: ${detail}`);
  }
  return { services: result };
}

/** The steady state measured again after recovery, over `steady_state.window`. */
export async function steadyStateAfter(context: RunContext): Promise<boolean | undefined> {
  const { window, probes } = context.experiment.steady_state;
  context.journal.write({ source: 'runner', type: 'phase.started', phase: 'steady_state_after' });
  // From the next bucket boundary: the store resolves windows to whole buckets, so [from, from + window) then covers only buckets that have passed when judged.
  const from = Math.ceil(context.journal.elapsed() / context.store.bucketMs) * context.store.bucketMs;
  await untilTime(context, from + window, context.signal);
  if (context.signal.aborted) return undefined;
  const verdict = checkSteadyState(context.store, probes, { from, to: from + window });
  context.journal.write({
    source: 'probe',
    type: 'steady_state.checked',
    when: 'after',
    held: verdict.held,
    probes: verdict.probes.map((p) => ({ probe: p.probe, held: p.held, why: p.why })),
  });
  context.say(verdict.held ? '  steady state holds again' : `  steady state does NOT hold: ${verdict.probes.filter((p) => !p.held).map((p) => `${p.probe}: ${p.why}`).join('; ')}`);
  return verdict.held;
}
