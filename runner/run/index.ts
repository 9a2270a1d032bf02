export { judgeExpectations, type ExpectationResult } from './expectations.ts';
export { junitXml, type JunitCase } from './junit.ts';
export { describeProgress, type ProgressState } from './progress.ts';
export { makeRunId, slug } from './run-id.ts';
export { runExperiment, type RunOptions, type RunOutcome } from './run.ts';
export { RUN_FILE, type RunSummary } from './summary.ts';
export { decideVerdict, VERDICT_EXIT_CODES, VERDICT_TEXT, type RunFacts } from './verdict.ts';
