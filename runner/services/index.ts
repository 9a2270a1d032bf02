export {
  describeExit,
  ServiceConfigError,
  ServiceExitedError,
  ServiceNotHealthyError,
  ServicesAbortedError,
  ServiceStartError,
  type ExitInfo,
} from './errors.ts';
export { checkHealth, isHealthy, type HealthCheck, type HealthOptions, type HealthResult } from './health.ts';
export { RunningServices, type ServiceJournal, type StartedService, type StoppedService } from './running.ts';
export { startServices, type ServiceToStart, type StartServicesOptions } from './start.ts';
