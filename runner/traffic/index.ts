export { PROBE_OK, statusFailure, TRAFFIC_OK, type ExpectedStatus } from './outcome.ts';
export { newAgent, sendRequest, type Agent, type Answer, type RequestSpec } from './request.ts';
export { startSchedule, type Drift, type MonotonicClock, type Schedule, type ScheduleOptions } from './schedule.ts';
export { startTraffic, type TrafficHandle, type TrafficOptions, type TrafficTotals } from './traffic.ts';
