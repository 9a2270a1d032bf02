export { startProbes, type ProbeOptions, type ProbesHandle } from './run-probes.ts';
export { checkSteadyState, type ProbeVerdict, type SteadyStateVerdict, type TimeWindow } from './steady-state.ts';
