import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { gitIn, repositoryRoot, requireIdentity } from './repository.ts';

export interface CommitCheckOptions {
  /** Where the files to commit will be written; it need not exist yet (its nearest existing parent is asked). */
  dir: string;
  /** The environment git runs in (identity variables); default process.env. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Checks, before anything is written, that files written to `dir` can be
 * committed: `dir` is inside a git work tree, and git knows the person's
 * identity. The errors are commitFiles' own (a GamedayError outside a
 * repository, a ConfigError without an identity). Returns the repository's
 * root (real path).
 */
export const checkCanCommit = async (options: CommitCheckOptions): Promise<string> => {
  const from = await nearestDirectory(resolve(options.dir));
  const git = gitIn(from, options.env);
  const root = await repositoryRoot(git, options.dir);
  await requireIdentity(git, root);
  return root;
};

/** `path` when it is a directory, else its nearest existing parent directory. */
const nearestDirectory = async (path: string): Promise<string> => {
  for (let at = path; ; at = dirname(at)) {
    const info = await stat(at).catch(() => undefined);
    if (info?.isDirectory() === true || dirname(at) === at) return at;
  }
};
