import type { StopCondition } from '../experiment/index.ts';
import { ConditionTracker } from '../conditions/index.ts';
import { TRAFFIC } from '../samples/index.ts';
import type { Alerting } from './alerting.ts';
import type { RunContext } from './context.ts';
import type { Progress } from './progress.ts';

/** How often conditions and the live status are updated, ms. */
export const MONITOR_EVERY_MS = 250;
/** The window the live error rate and p99 are computed over, ms. */
const LIVE_WINDOW_MS = 5_000;

export interface MonitorState {
  phase: string;
  activeFaults: () => string[];
  /** Stop conditions are watched only while this is true (from t = 0 until the faults are over). */
  watchStops: boolean;
  /** Where the run's alert rules report, once it has started. */
  alerting: () => Alerting | undefined;
}

/**
 * Every MONITOR_EVERY_MS: stop conditions (the first that holds aborts the
 * run), the run's alert rules (into the incident engine, with escalations
 * and the automated responder), and the live status line.
 */
export function startMonitor(context: RunContext, state: MonitorState, progress: Progress): { stop(): void } {
  const stops = context.experiment.safety.stop_conditions.map((c) => ({ condition: c, tracker: new ConditionTracker(c, context.store) }));
  const rules = context.experiment.alerts.rules.map((rule) => ({ rule, tracker: new ConditionTracker(rule, context.store) }));
  const tick = (): void => {
    const now = context.journal.elapsed();
    if (state.watchStops && !context.signal.aborted) {
      for (const { condition, tracker } of stops) {
        const change = tracker.update(now);
        if (change?.kind !== 'holds') continue;
        const name = describeStop(condition);
        context.journal.write({ source: 'runner', type: 'stop_condition.hit', condition: name, value: change.value, detail: change.detail });
        context.say(`STOP: ${name}: ${change.detail}`);
        context.abort({ kind: 'stop_condition', condition: name, detail: change.detail });
        break;
      }
    }
    for (const { rule, tracker } of rules) {
      const change = tracker.update(now);
      if (change === undefined) continue;
      if (change.kind === 'cleared' && !rule.auto_resolve) continue;
      state.alerting()?.ruleChanged(rule, { action: change.kind === 'holds' ? 'trigger' : 'resolve', value: change.value, detail: change.detail });
    }
    state.alerting()?.tick();
    const live = context.store.stats(TRAFFIC, Math.max(0, now - LIVE_WINDOW_MS), now + 1);
    progress.update({
      phase: state.phase,
      elapsed: now,
      activeFaults: state.activeFaults(),
      errorRate: live.errorRate ?? undefined,
      p99: live.latency?.p99,
    });
  };
  const timer = setInterval(tick, MONITOR_EVERY_MS);
  return { stop: () => clearInterval(timer) };
}

export function describeStop(condition: StopCondition): string {
  const on = 'probe' in condition && condition.probe !== undefined ? ` on ${condition.probe}` : '';
  switch (condition.type) {
    case 'error_rate':
      return `error rate above ${condition.above * 100}%${on}`;
    case 'latency':
      return `${condition.percentile} latency above ${condition.above} ms${on}`;
    case 'probe_failing':
      return `probe ${condition.probe} failing`;
    case 'failures_in_window':
      return `${condition.count} failures within ${condition.window / 1000}s${on}`;
  }
}

