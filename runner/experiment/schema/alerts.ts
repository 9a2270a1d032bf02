import { z } from 'zod';
import { duration } from '../duration.ts';
import { name, severity, text, urgency } from './common.ts';
import { errorRateFields, failuresInWindowFields, latencyFields, probeFailingFields } from './conditions.ts';

const ruleFields = {
  name: name('Name of the alert; expectations refer to it'),
  service: name('The service the alert is about (a `name` of `services`)'),
  severity: severity.describe('How serious the alert is, as PagerDuty Events v2 grades it; it sets the default urgency'),
  urgency: urgency
    .describe('high pages, low does not; by default critical and error are high, warning and info low')
    .optional(),
  dedup_key: text('Alerts with the same key are one alert; default `<experiment>/<rule name>`').optional(),
  summary: text('One line shown when the alert fires').optional(),
  auto_resolve: z.boolean().describe('Resolve the alert by itself when the condition clears').default(true),
};

/** An alert rule of the run itself, over what the traffic and probes see. */
export const alertRuleSchema = z
  .discriminatedUnion('type', [
    z.strictObject({ ...ruleFields, ...failuresInWindowFields }).describe('Fires after `count` failures within `window`'),
    z.strictObject({ ...ruleFields, ...errorRateFields }).describe('Fires when the error rate stays above a bound'),
    z.strictObject({ ...ruleFields, ...latencyFields }).describe('Fires when a latency percentile stays above a bound'),
    z.strictObject({ ...ruleFields, ...probeFailingFields }).describe('Fires when a probe keeps failing'),
  ])
  .describe('An alert rule; `type` picks the condition');

/** Fields of the normalised alert event an external alert is matched on; all given must match. */
export const alertMatchSchema = z
  .strictObject({
    dedup_key: text('Exact dedup key').optional(),
    summary: text('Text the summary contains (case-insensitive)').optional(),
    source: text('Exact source (the host or system that raised it)').optional(),
    component: text('Exact component').optional(),
    group: text('Exact group').optional(),
    class: text('Exact class').optional(),
    severity: severity.describe('Exact severity').optional(),
  })
  .refine((match) => Object.values(match).some((value) => value !== undefined), {
    error: 'empty match (expected at least one of: dedup_key, summary, source, component, group, class, severity)',
  })
  .describe('Which received alerts count as this one');

/** An alert the team's own monitoring should send to the run's receiver. */
export const expectedAlertSchema = z
  .strictObject({
    name: name('Name of the expected alert; expectations refer to it'),
    match: alertMatchSchema
      .optional()
      .describe('Which received alerts count; when absent, those whose summary contains `name`'),
    within: duration('It must arrive within this long after the fault starts'),
    after: name('The fault whose start the time counts from (a fault `name`); default the first fault').optional(),
  })
  .describe('An alert expected from outside (PagerDuty v2, Alertmanager, Grafana or generic webhook)');

export const alertsSchema = z
  .strictObject({
    rules: z.array(alertRuleSchema).default([]).describe('Alert rules evaluated by the run'),
    expected: z.array(expectedAlertSchema).default([]).describe('Alerts expected from the team\'s own monitoring'),
  })
  .describe('Alert rules of the run and alerts expected from outside');
