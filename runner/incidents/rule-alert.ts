import type { NormalisedAlert } from '../alerts/index.ts';
import type { AlertRule } from '../experiment/index.ts';
import { ruleDedupKey } from './match.ts';

/** What a rule's condition measured when it began or stopped holding (runner/conditions). */
export interface RuleChange {
  action: 'trigger' | 'resolve';
  /** The measure in its unit (a count, a share, ms); null when there is none. */
  value: number | null;
  /** One sentence for people: `p99 1.2 s above 800 ms for 30 s`. */
  detail: string;
  /** Wall-clock time of the change. */
  at: Date;
}

/** Source of every alert the run's own rules raise. */
export const RULE_ALERT_SOURCE = 'gameday-rules';

/**
 * A rule firing or clearing, as the normalised alert the incident engine
 * takes: keyed like runner/run/monitor.ts keys it, the measure and sentence
 * in `details` (the engine copies them onto alert.triggered / alert.resolved).
 */
export const ruleAlert = (experimentName: string, rule: AlertRule, change: RuleChange): NormalisedAlert => ({
  origin: 'rule',
  action: change.action,
  dedup_key: ruleDedupKey(experimentName, rule),
  summary: rule.summary ?? `${rule.name}: ${change.detail}`,
  source: RULE_ALERT_SOURCE,
  severity: rule.severity,
  service: rule.service,
  details: { ...(change.value === null ? {} : { value: change.value }), detail: change.detail },
  links: [],
  time: change.at.toISOString(),
});
