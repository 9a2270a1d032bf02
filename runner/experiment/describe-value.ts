/** A value from a user's file as a problem message shows it: `"30 seconds"`, `-5`, `a list`, `a mapping`. */
export const describeValue = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
};

/** What kind of value the user wrote, in the words of YAML: `a string`, `a number`, `a list`. */
export const describeKind = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'boolean') return 'a boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'a whole number' : 'a number';
  return `a ${typeof value}`;
};

/**
 * A zod `error` function for a field's own message, given the value as
 * shown. A missing value says what was expected when `expected` is given;
 * otherwise it is left to zod (undefined), and the loader reports it as
 * missing with the type zod expected.
 */
export const whenGiven =
  (message: (shown: string) => string, expected?: string) =>
  (issue: { input?: unknown }): string | undefined => {
    if (issue.input !== undefined) return message(describeValue(issue.input));
    return expected === undefined ? undefined : `missing (expected ${expected})`;
  };
