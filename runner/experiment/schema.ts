import { z } from 'zod';
import { crossFieldIssues } from './checks.ts';
import { alertRuleSchema, alertsSchema, expectedAlertSchema } from './schema/alerts.ts';
import { name, text } from './schema/common.ts';
import { stopConditionSchema } from './schema/conditions.ts';
import { expectationSchema } from './schema/expectations.ts';
import { downFault, faultSchema } from './schema/faults.ts';
import { routingSchema } from './schema/routing.ts';
import { safetySchema } from './schema/safety.ts';
import { proxySchema, serviceSchema, toxiproxySchema } from './schema/services.ts';
import { probeSchema, steadyStateSchema } from './schema/steady-state.ts';
import { endpointSchema, trafficSchema } from './schema/traffic.ts';

/**
 * The experiment file, as one zod schema: the source of the TypeScript types
 * below and of experiments/experiment.schema.json. Keys are snake_case as in
 * the YAML; durations come out as whole milliseconds. Parse with
 * `reportInput: true` so problems can show what was written.
 */
export const experimentShapeSchema = z
  .strictObject({
    name: name('Name of the experiment; it is part of run ids and postmortem file names'),
    description: text('What the game day drills and why, for people'),
    toxiproxy: toxiproxySchema.optional(),
    services: z.array(serviceSchema).min(1).describe('The services under test, with the proxies in front of their dependencies'),
    steady_state: steadyStateSchema,
    traffic: trafficSchema.optional(),
    faults: z.array(faultSchema).min(1).describe('The fault schedule; several faults may be active at once'),
    alerts: alertsSchema.prefault({}),
    expectations: z.array(expectationSchema).default([]).describe('What the team believes will happen'),
    routing: routingSchema.optional(),
    safety: safetySchema.prefault({}),
  })
  .describe('A gameday experiment: one planned failure drill');

/**
 * The shape plus the checks across fields (names, references, schedule).
 * Those run even when some field is invalid, so every problem is reported at once.
 */
export const experimentSchema = experimentShapeSchema.superRefine(
  (experiment, context) => {
    for (const issue of crossFieldIssues(experiment)) {
      context.addIssue({
        code: 'custom',
        path: issue.path,
        message: issue.message,
        continue: true,
        params: { rule: 'cross-field', ...(issue.atKey === true ? { at: 'key' } : {}) },
      });
    }
  },
  { when: () => true },
);

export type Experiment = z.output<typeof experimentSchema>;
/** What may be written in the file (durations as strings, defaults omitted). */
export type ExperimentInput = z.input<typeof experimentSchema>;
export type Service = z.output<typeof serviceSchema>;
export type ProxySpec = z.output<typeof proxySchema>;
export type ToxiproxySpec = z.output<typeof toxiproxySchema>;
export type Probe = z.output<typeof probeSchema>;
export type SteadyState = z.output<typeof steadyStateSchema>;
export type Traffic = z.output<typeof trafficSchema>;
export type Endpoint = z.output<typeof endpointSchema>;
export type Fault = z.output<typeof faultSchema>;
export type DownFault = z.output<typeof downFault>;
/** A fault that is a Toxiproxy toxic (every type but `down`). */
export type ToxicFault = Exclude<Fault, DownFault>;
export type FaultType = Fault['type'];
export type AlertRule = z.output<typeof alertRuleSchema>;
export type ExpectedAlert = z.output<typeof expectedAlertSchema>;
export type Expectation = z.output<typeof expectationSchema>;
export type Routing = z.output<typeof routingSchema>;
export type Safety = z.output<typeof safetySchema>;
export type StopCondition = z.output<typeof stopConditionSchema>;
