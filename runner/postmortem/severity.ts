import type { PostmortemSeverity } from './schema.ts';

export interface SeverityInput {
  /** Share of requests that failed while the faults were on; null when none were measured. */
  errorRateDuring: number | null;
  /** A service was still outside its tolerances when the run ended. */
  notRecovered: boolean;
  stopConditionHit: boolean;
  /** The worst alert severity that fired (critical, error, warning, info), if any. */
  worstAlert: string | null;
  /** Some expectation did not hold, or the verdict is not `held`. */
  deviated: boolean;
}

/**
 * How bad the drill's impact was, by the rule below (first match wins). A
 * game day's severity says what the failure would have been in production.
 * - SEV1: a service did not recover, or a quarter or more of requests failed;
 * - SEV2: 5 % or more failed, a stop condition ended the run, or a critical alert fired;
 * - SEV3: the system deviated from the hypothesis, or an error alert fired;
 * - SEV4: otherwise (the hypothesis held).
 */
export const severityOf = (input: SeverityInput): PostmortemSeverity => {
  const rate = input.errorRateDuring ?? 0;
  if (input.notRecovered || rate >= 0.25) return 'SEV1';
  if (rate >= 0.05 || input.stopConditionHit || input.worstAlert === 'critical') return 'SEV2';
  if (input.deviated || input.worstAlert === 'error') return 'SEV3';
  return 'SEV4';
};
