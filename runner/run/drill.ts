import type { PlannedFault } from '../experiment/index.ts';
import { injectFault, removeFault, type FaultContext } from '../faults/index.ts';
import { startTraffic, type TrafficHandle } from '../traffic/index.ts';
import { untilTime, type RunContext } from './context.ts';
import { message } from './preflight.ts';

/** What the drill has done to the system, for rollback and the verdict. */
export interface DrillState {
  /** Faults injected (or maybe injected: the call may have reached the server) and not removed. */
  active: Map<string, PlannedFault>;
  injected: number;
  traffic: TrafficHandle | undefined;
}

export const newDrillState = (): DrillState => ({ active: new Map(), injected: 0, traffic: undefined });

export const faultContext = (context: RunContext): FaultContext => ({
  runId: context.runId,
  journal: context.journal,
  servers: context.servers,
  log: context.say,
});

/**
 * t = 0: traffic starts; each fault is injected at its planned time and
 * removed at its planned end. Resolves when the last fault has ended, or
 * at once when the run is aborted (rollback then removes what is active).
 */
export async function runDrill(context: RunContext, state: DrillState): Promise<void> {
  const { journal, plan, experiment } = context;
  journal.write({ source: 'runner', type: 'phase.started', phase: 'traffic' });
  const t0 = journal.elapsed();
  context.t0 = t0;
  const runStart = context.clock.now() - t0;
  if (experiment.traffic !== undefined) {
    const trafficEnd = plan.traffic?.end;
    const abortTraffic = new AbortController();
    context.signal.addEventListener('abort', () => abortTraffic.abort(), { once: true });
    state.traffic = startTraffic(experiment.traffic, {
      clock: context.clock,
      t0: runStart,
      random: context.random,
      signal: abortTraffic.signal,
      record: (sample) => context.store.record(sample),
    });
    if (trafficEnd !== undefined && typeof experiment.traffic.duration === 'number') {
      void untilTime(context, t0 + trafficEnd, context.signal).then(() => abortTraffic.abort());
    }
    context.say(`t=0  traffic: ${experiment.traffic.rate} requests/s over ${experiment.traffic.endpoints.length} endpoint(s)`);
  }
  journal.write({ source: 'runner', type: 'phase.started', phase: 'faults' });
  await Promise.all(plan.faults.map((fault) => runFault(context, state, fault, t0)));
}

async function runFault(context: RunContext, state: DrillState, fault: PlannedFault, t0: number): Promise<void> {
  await untilTime(context, t0 + fault.start, context.signal);
  if (context.signal.aborted) return;
  state.active.set(fault.name, fault);
  try {
    const injected = await injectFault(fault, faultContext(context), { t0 });
    state.injected++;
    context.say(`t=${seconds(fault.start)}  fault ${fault.name}: ${fault.summary} (${injected.driftMs.toFixed(1)} ms from plan)`);
  } catch (error) {
    context.abort({ kind: 'error', error: new Error(`fault ${fault.name} could not be injected: ${message(error)}`) });
    return;
  }
  await untilTime(context, t0 + fault.end, context.signal);
  if (context.signal.aborted) return;
  const result = await removeFault(fault, faultContext(context), { reason: 'scheduled' });
  if (result.removed) {
    state.active.delete(fault.name);
    context.say(`t=${seconds(fault.end)}  fault ${fault.name} removed`);
  } else {
    // Still listed as active: the rollback tries again and reports what stays.
    context.say(`t=${seconds(fault.end)}  fault ${fault.name} could NOT be removed: ${result.left.join('; ')}`);
  }
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;
