import type { z } from 'zod';
import { describeKind, describeValue } from './describe-value.ts';
import { formatPath } from './path.ts';
import { allowedKeysAt } from './schema-walk.ts';
import { didYouMean, oneOf } from './suggest.ts';
import type { Position, YamlSource } from './yaml-source.ts';

/**
 * A problem in an experiment file, shown like a compiler's:
 * `file:line:col  path  what is wrong (expected …)`.
 */
export interface Problem {
  file: string;
  line: number;
  col: number;
  /** The field, as `services[0].proxies[1].upstream`; `(document)` for the whole file. */
  path: string;
  message: string;
  /**
   * What kind of problem, for tools: yaml-syntax, unknown-key, missing,
   * wrong-type, not-allowed, out-of-range, invalid, cross-field.
   */
  rule: string;
}

export const formatProblem = (problem: Problem): string =>
  `${problem.file}:${problem.line}:${problem.col}  ${problem.path}  ${problem.message}`;

/** Problems in file order (line, then column), without repeats. */
export const sortProblems = (problems: readonly Problem[]): Problem[] => {
  const seen = new Set<string>();
  return [...problems]
    .sort((a, b) => a.line - b.line || a.col - b.col)
    .filter((problem) => {
      const key = formatProblem(problem);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
};

/** Messages written in the schema itself already say what was expected; they are used as they are. */
const isOwnMessage = (message: string): boolean => message.includes('(expected ');

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  record: 'a mapping',
};

interface Context {
  file: string;
  source: YamlSource;
  schema: z.core.$ZodType;
  data: unknown;
}

/** One zod issue as problems at their positions (one per key for unknown keys). */
export const problemsFromIssue = (issue: z.core.$ZodIssue, context: Context): Problem[] => {
  const at = (path: readonly PropertyKey[], message: string, rule: string, where: 'value' | 'key' = 'value'): Problem => {
    const { position } = context.source.locate(path, where);
    return problemAt(context.file, position, path, message, rule);
  };
  const input: unknown = (issue as { input?: unknown }).input;

  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeysAt(context.schema, issue.path, context.data) ?? [];
      return issue.keys.map((key) =>
        at(
          [...issue.path, key],
          `unknown key "${key}"${didYouMean(key, allowed)} (expected ${oneOf(allowed, 20)})`,
          'unknown-key',
          'key',
        ),
      );
    }
    case 'custom': {
      const where = issue.params?.at === 'key' ? 'key' : 'value';
      const rule = typeof issue.params?.rule === 'string' ? issue.params.rule : 'invalid';
      return [at(issue.path, issue.message, rule, where)];
    }
    case 'invalid_union': {
      const discriminator = (issue as { discriminator?: unknown }).discriminator;
      const options = (issue as { options?: unknown }).options;
      if (typeof discriminator === 'string' && Array.isArray(options)) {
        const values = options.map(String);
        const tag = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[discriminator] : undefined;
        const message =
          tag === undefined
            ? `missing (expected ${oneOf(values, 20)})`
            : `unknown ${discriminator} ${describeValue(tag)}${didYouMean(String(tag), values)} (expected ${oneOf(values, 20)})`;
        return [at(issue.path, message, tag === undefined ? 'missing' : 'not-allowed')];
      }
      return unionProblems(issue, input, context, at);
    }
    case 'invalid_type': {
      if (isOwnMessage(issue.message)) break;
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      if (input === undefined) {
        const keys = issue.expected === 'object' ? allowedKeysAt(context.schema, issue.path, context.data) : undefined;
        const detail = keys === undefined || keys.length === 0 ? expected : `${expected} with keys: ${keys.join(', ')}`;
        return [at(issue.path, `missing (expected ${detail})`, 'missing')];
      }
      const shown = typeof input === 'object' && input !== null ? '' : ` ${describeValue(input)}`;
      return [at(issue.path, `got ${describeKind(input)}${shown} (expected ${expected})`, 'wrong-type')];
    }
    case 'invalid_value': {
      if (isOwnMessage(issue.message)) break;
      const values = issue.values.map(String);
      const expected = values.length === 1 ? `"${values[0]}"` : oneOf(values, 20);
      if (input === undefined) return [at(issue.path, `missing (expected ${expected})`, 'missing')];
      const hint = typeof input === 'string' ? didYouMean(input, values) : '';
      return [at(issue.path, `${describeValue(input)} is not allowed${hint} (expected ${expected})`, 'not-allowed')];
    }
    case 'too_small':
    case 'too_big': {
      if (isOwnMessage(issue.message)) break;
      return [at(issue.path, rangeMessage(issue, input), 'out-of-range')];
    }
    default:
      break;
  }
  if (input === undefined && !context.source.locate(issue.path).found) {
    return [at(issue.path, isOwnMessage(issue.message) ? issue.message : `missing (${issue.message})`, 'missing')];
  }
  const message = isOwnMessage(issue.message) ? issue.message : `${describeValue(input)} is not valid (${issue.message})`;
  return [at(issue.path, message, 'invalid')];
};

type At = (path: readonly PropertyKey[], message: string, rule: string) => Problem;

/**
 * A value that matched no member of a plain union. When exactly one member
 * accepted its kind of value (say the list form of `toxiproxy`), that
 * member's own problems are the useful ones; otherwise one problem says
 * which kinds of value are accepted.
 */
const unionProblems = (issue: z.core.$ZodIssueInvalidUnion, input: unknown, context: Context, at: At): Problem[] => {
  const wrongKind = (branch: readonly z.core.$ZodIssue[]): boolean =>
    branch.every((inner) => inner.path.length === 0 && inner.code === 'invalid_type');
  const branches = input === undefined ? [] : issue.errors.filter((branch) => !wrongKind(branch));
  const [only] = branches;
  if (branches.length === 1 && only !== undefined) {
    return only.flatMap((inner) =>
      problemsFromIssue({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue, context),
    );
  }
  if (isOwnMessage(issue.message)) return [at(issue.path, issue.message, 'invalid')];
  const kinds = issue.errors.flatMap((branch) =>
    branch.flatMap((inner) =>
      inner.code === 'invalid_type' && inner.path.length === 0 ? [EXPECTED[inner.expected] ?? inner.expected] : [],
    ),
  );
  const expected = kinds.length > 0 ? [...new Set(kinds)].join(' or ') : 'another form';
  const shown = typeof input === 'object' && input !== null ? '' : ` ${describeValue(input)}`;
  if (input === undefined) return [at(issue.path, `missing (expected ${expected})`, 'missing')];
  return [at(issue.path, `got ${describeKind(input)}${shown} (expected ${expected})`, 'wrong-type')];
};

const rangeMessage = (issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, input: unknown): string => {
  const small = issue.code === 'too_small';
  const bound = small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum;
  const inclusive = issue.inclusive !== false;
  if (issue.origin === 'array' || issue.origin === 'set') {
    const count = Array.isArray(input) ? input.length : undefined;
    const entries = `${String(bound)} ${Number(bound) === 1 ? 'entry' : 'entries'}`;
    const found = count === 0 ? 'the list is empty' : `the list has ${String(count)} ${count === 1 ? 'entry' : 'entries'}`;
    return `${found} (expected ${small ? 'at least' : 'at most'} ${entries})`;
  }
  if (issue.origin === 'string') {
    if (small && Number(bound) <= 1) return 'empty (expected some text)';
    const limit = `${small ? 'at least' : 'at most'} ${String(bound)} characters`;
    return `${describeValue(input)} has the wrong length (expected ${limit})`;
  }
  const relation = small ? (inclusive ? '≥' : '>') : inclusive ? '≤' : '<';
  return `${describeValue(input)} is too ${small ? 'small' : 'large'} (expected a number ${relation} ${String(bound)})`;
};

export const problemAt = (
  file: string,
  position: Position,
  path: readonly PropertyKey[],
  message: string,
  rule: string,
): Problem => ({
  file,
  line: position.line,
  col: position.col,
  path: formatPath(path),
  message,
  rule,
});
