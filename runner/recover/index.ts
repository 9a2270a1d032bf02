export { RunInProgressError } from './errors.ts';
export { findRunToRecover, type RunSearch } from './find-run.ts';
export { readRunRecord, type RunRecord } from './journal.ts';
export { commandLine, isRunning, processStartMs, processStartTicks, sameProcess, stopProcessGroup, type Identity, type StopOutcome, type StopTarget } from './process.ts';
export { recoverRun, type RecoverOptions, type RecoveryReport } from './recover.ts';
export { checkRunner, type RunnerCheck, type RunnerState } from './runner-state.ts';
export { servicesLeft, type LeftService } from './services.ts';
