import { isAbsolute, relative } from 'node:path';

/**
 * A path as people are shown it: relative to `cwd` when it is inside it (`.` for `cwd` itself),
 * else absolute, so it can be pasted back into a command either way.
 */
export const shownPath = (cwd: string, path: string): string => {
  const rel = relative(cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? path : rel;
};
