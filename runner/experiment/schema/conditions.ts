import { z } from 'zod';
import { duration } from '../duration.ts';
import { fraction, name, percentile, positiveInt } from './common.ts';

/**
 * Conditions over what the run observes, shared by alert rules and stop
 * conditions. Each watches the traffic, or one probe when `probe` names it.
 * A condition holds once its measure has been past the bound for `for`.
 */

const source = {
  probe: name('Watch this probe\'s results (a `name` of `steady_state.probes`) instead of the traffic').optional(),
};

export const failuresInWindowFields = {
  type: z.literal('failures_in_window').describe('The kind of condition: failures_in_window'),
  ...source,
  count: positiveInt('How many failed requests'),
  window: duration('Within how long a sliding window'),
};

export const errorRateFields = {
  type: z.literal('error_rate').describe('The kind of condition: error_rate'),
  ...source,
  above: fraction('Share of failed requests that must be exceeded'),
  window: duration('Sliding window the rate is computed over').prefault('30s'),
  for: duration('How long the rate must stay above the bound').prefault('0s'),
};

export const latencyFields = {
  type: z.literal('latency').describe('The kind of condition: latency'),
  ...source,
  percentile: percentile.default('p99').describe('The latency percentile compared with `above`'),
  above: duration('Latency bound that the percentile must exceed'),
  window: duration('Sliding window the percentile is computed over').prefault('30s'),
  for: duration('How long the percentile must stay above the bound').prefault('0s'),
};

export const probeFailingFields = {
  type: z.literal('probe_failing').describe('The kind of condition: probe_failing'),
  probe: name('The probe (a `name` of `steady_state.probes`)'),
  for: duration('How long the probe must keep failing').prefault('0s'),
};

/** Stop conditions: when one holds, the drill is aborted and rolled back. */
export const stopConditionSchema = z
  .discriminatedUnion('type', [
    z.strictObject(errorRateFields).describe('Stop when the error rate stays above a bound'),
    z.strictObject(latencyFields).describe('Stop when a latency percentile stays above a bound'),
    z.strictObject(probeFailingFields).describe('Stop when a probe keeps failing'),
    z.strictObject(failuresInWindowFields).describe('Stop after too many failures within a window'),
  ])
  .describe('A condition that aborts the run; `type` picks the measure');
