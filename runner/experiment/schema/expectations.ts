import { z } from 'zod';
import { duration } from '../duration.ts';
import { fraction, name, percentile, text } from './common.ts';

/**
 * What the team believes will happen. Each is checked after the run and is
 * held or not; an unmet expectation becomes a finding in the postmortem.
 * `after` and `during` name a fault; time counts from its start (alerts) or
 * its end (recovery).
 */

const common = {
  name: name('Short name for reports; default derived from the type and target').optional(),
  description: text('Why the team expects this').optional(),
};

const fault = (what: string, fallback: string) => name(`${what} (a fault \`name\`); default ${fallback}`).optional();

export const expectationSchema = z
  .discriminatedUnion('type', [
    z
      .strictObject({
        ...common,
        type: z.literal('alert_fires').describe('The kind of expectation: alert_fires'),
        alert: name('The alert (a rule `name` in `alerts.rules`, or a `name` in `alerts.expected`)'),
        within: duration('Longest acceptable time from the fault\'s start to the alert (time to detect)'),
        after: fault('Fault whose start the time counts from', 'the first fault'),
      })
      .describe('An alert fires soon enough after a fault starts'),
    z
      .strictObject({
        ...common,
        type: z.literal('alert_silent').describe('The kind of expectation: alert_silent'),
        alert: name('The alert that must not fire (a rule or expected alert `name`)'),
      })
      .describe('An alert does not fire during the run (it would be noise)'),
    z
      .strictObject({
        ...common,
        type: z.literal('recovers').describe('The kind of expectation: recovers'),
        service: name('The service whose probes must be within tolerance again (a `name` of `services`)'),
        within: duration('Longest acceptable time from the fault\'s end to recovery'),
        after: fault('Fault whose end the time counts from', 'the last fault to end'),
      })
      .describe('A service recovers soon enough after a fault ends'),
    z
      .strictObject({
        ...common,
        type: z.literal('error_rate').describe('The kind of expectation: error_rate'),
        below: fraction('Share of failed requests that must not be reached'),
        during: fault('Fault during which it is measured', 'while any fault is active'),
        probe: name('Measure this probe\'s results instead of the traffic').optional(),
      })
      .describe('The error rate stays below a bound during a fault'),
    z
      .strictObject({
        ...common,
        type: z.literal('latency').describe('The kind of expectation: latency'),
        percentile: percentile.default('p99').describe('The latency percentile compared with `below`'),
        below: duration('Latency the percentile must stay below'),
        during: fault('Fault during which it is measured', 'while any fault is active'),
        probe: name('Measure this probe\'s results instead of the traffic').optional(),
      })
      .describe('A latency percentile stays below a bound during a fault'),
    z
      .strictObject({
        ...common,
        type: z.literal('steady_state_restored').describe('The kind of expectation: steady_state_restored'),
      })
      .describe('The steady state holds again at the end of the run'),
  ])
  .describe('An expectation; `type` picks what is checked');
