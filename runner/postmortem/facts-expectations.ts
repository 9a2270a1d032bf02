import type { Experiment, Plan } from '../experiment/index.ts';
import type { EventOf, JournalEvent } from '../journal/index.ts';
import { formatMs } from './format.ts';
import type { ExpectedAlertFact, SilentBrokenFact } from './facts-alerts.ts';
import type { RunRecord } from './run-record.ts';

/** One expectation and whether it held. */
export interface ExpectationFact {
  name: string;
  type: string;
  /** null: it could not be judged (a latency or error-rate expectation of a run that left no run.json). */
  met: boolean | null;
  detail: string;
  /** The fault it names (`after`, `during`), if any. */
  fault: string | null;
  /** The service it is about: the `recovers` service, the probe's service, the alert rule's service. */
  service: string | null;
  /** The alert it is about (alert_fires, alert_silent). */
  alert: string | null;
}

export interface ExpectationInput {
  events: readonly JournalEvent[];
  experiment: Experiment | undefined;
  plan: Plan | undefined;
  run: RunRecord | undefined;
  expectedAlerts: readonly ExpectedAlertFact[];
  silentBroken: readonly SilentBrokenFact[];
  /** End of the last fault, journal ms; null when none ended. */
  faultsEnd: number | null;
  /** When each fault ended, journal ms. */
  faultEnds: ReadonlyMap<string, number>;
}

/**
 * Every expectation with its result: run.json's judgement when there is one
 * (the run judged with all its samples), else judged again from the journal
 * where the journal suffices.
 */
export const expectationFacts = (input: ExpectationInput): ExpectationFact[] => {
  const { plan, run, experiment } = input;
  const judged = new Map((run?.expectations ?? []).map((r) => [r.name, r]));
  if (plan === undefined || experiment === undefined) {
    return (run?.expectations ?? []).map((r) => ({ name: r.name, type: r.type, met: r.met, detail: r.detail, fault: null, service: null, alert: null }));
  }
  const probeService = new Map(experiment.steady_state.probes.map((p) => [p.name, p.service ?? null]));
  const ruleService = new Map(experiment.alerts.rules.map((r) => [r.name, r.service]));
  return plan.expectations.map(({ name, expectation: x }): ExpectationFact => {
    const refs = {
      fault: 'after' in x ? (x.after ?? null) : 'during' in x ? (x.during ?? null) : null,
      service:
        x.type === 'recovers'
          ? x.service
          : x.type === 'alert_fires' || x.type === 'alert_silent'
            ? (ruleService.get(x.alert) ?? null)
            : x.type === 'latency' || x.type === 'error_rate'
              ? x.probe === undefined
                ? null
                : (probeService.get(x.probe) ?? null)
              : null,
      alert: x.type === 'alert_fires' || x.type === 'alert_silent' ? x.alert : null,
    };
    const result = judged.get(name);
    if (result !== undefined) return { name, type: x.type, met: result.met, detail: result.detail, ...refs };
    return { name, type: x.type, ...fromJournal(x, input), ...refs };
  });
};

type Expectation = Experiment['expectations'][number];

const fromJournal = (x: Expectation, input: ExpectationInput): { met: boolean | null; detail: string } => {
  switch (x.type) {
    case 'alert_fires': {
      const alert = input.expectedAlerts.find((a) => a.name === x.alert);
      if (alert?.timeToDetectMs == null) return { met: false, detail: `${x.alert} never fired (expected within ${formatMs(x.within)})` };
      const met = alert.timeToDetectMs <= x.within;
      return { met, detail: `${x.alert} fired ${formatMs(alert.timeToDetectMs)} after the fault started (expected within ${formatMs(x.within)})` };
    }
    case 'alert_silent': {
      const broken = input.silentBroken.find((a) => a.name === x.alert);
      return broken === undefined
        ? { met: true, detail: `${x.alert} did not fire` }
        : { met: false, detail: `${x.alert} fired ${broken.count} time(s) (expected silent)` };
    }
    case 'recovers': {
      const check = input.events.find((e): e is EventOf<'recovery.checked'> => e.type === 'recovery.checked' && e.service === x.service);
      if (check === undefined || input.faultsEnd === null) return { met: false, detail: `recovery of ${x.service} was not measured` };
      if (!check.recovered || check.after_ms === null) return { met: false, detail: `${x.service} did not recover (expected within ${formatMs(x.within)})` };
      const from = x.after === undefined ? input.faultsEnd : (input.faultEnds.get(x.after) ?? input.faultsEnd);
      const took = check.after_ms + (input.faultsEnd - from);
      return { met: took <= x.within, detail: `${x.service} recovered ${formatMs(took)} after the fault ended (expected within ${formatMs(x.within)})` };
    }
    case 'steady_state_restored': {
      const after = input.events.find((e): e is EventOf<'steady_state.checked'> => e.type === 'steady_state.checked' && e.when === 'after');
      if (after === undefined) return { met: false, detail: 'the steady state was not measured after the faults' };
      return after.held
        ? { met: true, detail: 'the steady state held again after the faults' }
        : { met: false, detail: 'the steady state did not hold after the faults' };
    }
    case 'latency':
    case 'error_rate':
      return { met: null, detail: 'not judged: the run left no run.json, and the journal holds no per-request samples' };
  }
};
