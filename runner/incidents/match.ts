import type { NormalisedAlert, Severity } from '../alerts/index.ts';
import type { AlertRule, ExpectedAlert } from '../experiment/index.ts';
import type { Urgency } from './types.ts';

/** What an incoming alert is: the rule that raised it or the expected alert it matches, if any. */
export interface AlertIdentity {
  name: string | null;
  /** The rule, for origin `rule`: it may set the urgency and the service. */
  rule: AlertRule | undefined;
  /** Nobody expected it and no rule raised it. */
  noise: boolean;
}

/** A rule's dedup key: its own, else `<experiment>/<rule name>` (as runner/run/monitor.ts raises it). */
export const ruleDedupKey = (experimentName: string, rule: AlertRule): string => rule.dedup_key ?? `${experimentName}/${rule.name}`;

/**
 * Names an alert. From the run's rules (origin `rule`): the rule with its
 * dedup key; never noise, the run raised it itself. From outside: the first
 * expected alert whose `match` fields all match (or, without `match`, whose
 * name the summary contains, case-insensitively); noise when none does.
 */
export const identify = (
  alert: NormalisedAlert,
  experimentName: string,
  rules: readonly AlertRule[],
  expected: readonly ExpectedAlert[],
): AlertIdentity => {
  if (alert.origin === 'rule') {
    const rule = rules.find((candidate) => ruleDedupKey(experimentName, candidate) === alert.dedup_key);
    return { name: rule?.name ?? null, rule, noise: false };
  }
  const match = expected.find((candidate) => matches(alert, candidate));
  return { name: match?.name ?? null, rule: undefined, noise: match === undefined };
};

const matches = (alert: NormalisedAlert, expected: ExpectedAlert): boolean => {
  const { match } = expected;
  if (match === undefined) return contains(alert.summary, expected.name);
  return (
    (match.dedup_key === undefined || alert.dedup_key === match.dedup_key) &&
    (match.summary === undefined || contains(alert.summary, match.summary)) &&
    (match.source === undefined || alert.source === match.source) &&
    (match.component === undefined || alert.component === match.component) &&
    (match.group === undefined || alert.group === match.group) &&
    (match.class === undefined || alert.class === match.class) &&
    (match.severity === undefined || alert.severity === match.severity)
  );
};

const contains = (text: string, part: string): boolean => text.toLowerCase().includes(part.toLowerCase());

/** PagerDuty's dynamic notifications: critical and error are high urgency, warning and info low; a rule may say otherwise. */
export const urgencyOf = (severity: Severity, rule: AlertRule | undefined): Urgency =>
  rule?.urgency ?? (severity === 'critical' || severity === 'error' ? 'high' : 'low');

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2, critical: 3 };

/** The more severe of two severities. */
export const worse = (a: Severity, b: Severity): Severity => (RANK[b] > RANK[a] ? b : a);
