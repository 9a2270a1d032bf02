import type { z } from 'zod';
import { invalidBody, type ReceiverError } from '../errors.ts';

/** At most this many problems are listed; a body wrong everywhere needs no thousand-line answer. */
const MAX_ISSUES = 20;

/** `alerts[0].labels.severity` from zod's path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text === '' ? '(body)' : text;
}

/** Each issue as `path: what zod expected`, e.g. `alerts[1].status: Invalid option: expected one of "firing"|"resolved"`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  const lines = issues.slice(0, MAX_ISSUES).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  if (issues.length > MAX_ISSUES) lines.push(`… and ${issues.length - MAX_ISSUES} more problems`);
  return lines;
}

/**
 * Parses `body` with `schema`, or throws a 400 whose message names the form
 * (`the Alertmanager webhook (version "4")`) and every problem.
 */
export function parseWith<S extends z.ZodType>(schema: S, body: unknown, form: string): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw bodyError(form, describeIssues(result.error.issues));
}

export function bodyError(form: string, problems: readonly string[]): ReceiverError {
  return invalidBody(`body is not ${form}: ${problems.join('; ')}`, problems);
}
