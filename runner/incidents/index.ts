export { createIncidentEngine, type IncidentEngine } from './engine.ts';
export { IncidentActionError, IncidentNotFoundError, IncidentStateError } from './errors.ts';
export { ruleDedupKey } from './match.ts';
export {
  expectedAlertsOf,
  responseMetrics,
  type ExpectedAlertRef,
  type FiredAlert,
  type IncidentMetrics,
  type ResponseMetrics,
  type UnexpectedAlert,
} from './metrics.ts';
export { runRemediation, type RemediationOptions } from './remediation.ts';
export { RULE_ALERT_SOURCE, ruleAlert, type RuleChange } from './rule-alert.ts';
export { DEFAULT_GROUP_WINDOW_MS } from './state.ts';
export type {
  ActorSource,
  AlertSummary,
  Channel,
  EngineSummary,
  IncidentEngineOptions,
  IncidentSummary,
  RemediationRequest,
  Urgency,
} from './types.ts';
