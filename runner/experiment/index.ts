export { DURATION_PATTERN, formatDuration, parseDuration } from './duration.ts';
export { experimentJsonSchema, experimentJsonSchemaText, JSON_SCHEMA_PATH } from './json-schema.ts';
export { loadExperimentFile, loadExperimentText, type LoadResult } from './loader.ts';
export { DEFAULT_SERVER, type PlannedServer, type ToxicBody } from './plan-parts.ts';
export {
  planExperiment,
  type Plan,
  type PlannedAlert,
  type PlannedExpectation,
  type PlannedFault,
  type PlannedProxy,
  type PlanOptions,
  type TimelineEntry,
} from './plan.ts';
export { formatProblem, type Problem } from './problems.ts';
export { describeCondition, renderPlan } from './render-plan.ts';
export {
  experimentSchema,
  type AlertRule,
  type DownFault,
  type Endpoint,
  type Expectation,
  type ExpectedAlert,
  type Experiment,
  type ExperimentInput,
  type Fault,
  type FaultType,
  type Probe,
  type ProxySpec,
  type Routing,
  type Safety,
  type Service,
  type SteadyState,
  type StopCondition,
  type ToxicFault,
  type ToxiproxySpec,
  type Traffic,
} from './schema.ts';
