import { parseDuration } from '../duration.ts';
import { formatPath } from '../path.ts';
import { didYouMean, oneOf } from '../suggest.ts';

/**
 * Lenient readers for the cross-field checks. They run on a value that may
 * be only partly valid (so that an experiment with a bad field still gets
 * its references checked), and skip whatever is not of the expected shape:
 * the schema reports those.
 */

export type Path = (string | number)[];

export interface CrossIssue {
  path: Path;
  message: string;
  /** Point at the key of the last path segment rather than at its value (keys of a mapping). */
  atKey?: boolean;
}

export type Entry = Record<string, unknown>;

const isEntry = (value: unknown): value is Entry => typeof value === 'object' && value !== null && !Array.isArray(value);

export const entry = (value: unknown): Entry | undefined => (isEntry(value) ? value : undefined);

/** The mappings in the list at `value[key]`, with their index. */
export const entries = (value: unknown, key: string): [Entry, number][] => {
  const list = isEntry(value) ? value[key] : undefined;
  if (!Array.isArray(list)) return [];
  return list.flatMap((item, index): [Entry, number][] => (isEntry(item) ? [[item, index]] : []));
};

export const str = (value: Entry, key: string): string | undefined => {
  const found = value[key];
  return typeof found === 'string' ? found : undefined;
};

/** Milliseconds, whether the field is already parsed (a number) or still a duration string. */
export const ms = (value: Entry, key: string): number | undefined => {
  const found = value[key];
  if (typeof found === 'number') return Number.isFinite(found) && found >= 0 ? found : undefined;
  return typeof found === 'string' ? parseDuration(found) : undefined;
};

/** Where each name was declared, for references and duplicates. */
export type Names<T = Path> = Map<string, T>;

/**
 * Adds an issue when `name` is not among the declared names: what was
 * referred to, a likely intended name, and the names allowed.
 */
export const checkReference = (
  issues: CrossIssue[],
  path: Path,
  what: string,
  name: string | undefined,
  declared: ReadonlyMap<string, unknown>,
  where: string,
): void => {
  if (name === undefined || declared.has(name)) return;
  const names = [...declared.keys()];
  const expected = names.length === 0 ? `${where}; none is declared` : oneOf(names);
  issues.push({ path, message: `unknown ${what} "${name}"${didYouMean(name, names)} (expected ${expected})` });
};

/** Records a declared name, reporting a second declaration of the same name. */
export const declare = <T>(
  issues: CrossIssue[],
  names: Names<T & { path: Path }>,
  what: string,
  name: string | undefined,
  value: T & { path: Path },
): void => {
  if (name === undefined) return;
  const first = names.get(name);
  if (first !== undefined) {
    issues.push({
      path: value.path,
      message: `${what} "${name}" is declared twice, also at ${formatPath(first.path)} (expected unique ${what} names)`,
    });
    return;
  }
  names.set(name, value);
};
