import { checkReferences } from './checks/references.ts';
import type { CrossIssue } from './checks/read.ts';
import { collectSymbols } from './checks/symbols.ts';
import { checkTiming } from './checks/timing.ts';

export type { CrossIssue } from './checks/read.ts';

/**
 * The checks that span fields: unique names, references between sections,
 * and the fault schedule. They read a possibly partly invalid experiment, so
 * that they are reported together with the schema's own problems.
 */
export const crossFieldIssues = (experiment: unknown): CrossIssue[] => {
  const issues: CrossIssue[] = [];
  const symbols = collectSymbols(experiment, issues);
  checkReferences(experiment, symbols, issues);
  checkTiming(experiment, issues);
  return issues;
};
