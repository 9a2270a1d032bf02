import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { GamedayError, InputError, MissingInputError } from '../errors.ts';
import { firstLine, gitIn, repositoryRoot, requireIdentity } from './repository.ts';

/**
 * Commits the files gameday wrote, and nothing else, with the user's own git
 * identity. Other people's staged changes stay staged and uncommitted: the
 * commit is `git commit --only -- <paths>`, which commits the working-tree
 * content of exactly those paths and leaves the rest of the index as it was.
 */
export interface CommitFilesOptions {
  /** Any directory inside the repository (need not be its root); relative `files` resolve against it. */
  cwd: string;
  /** The files to commit (absolute, or relative to `cwd`); new files are added first. */
  files: readonly string[];
  /** The commit message; the first line is the subject. */
  message: string;
  /**
   * The environment git runs in; default process.env. simple-git removes GIT_* variables from it,
   * except the identity variables (GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL, GIT_COMMITTER_NAME, GIT_COMMITTER_EMAIL).
   */
  env?: NodeJS.ProcessEnv;
}

export interface CommitResult {
  /** The new commit's full hash, or null when the files already matched HEAD (nothing to commit). */
  hash: string | null;
  /** The repository's root directory (real path). */
  root: string;
  /** The committed paths, relative to the repository root, with `/` separators. */
  files: string[];
}

export const commitFiles = async (options: CommitFilesOptions): Promise<CommitResult> => {
  const message = options.message.trim();
  if (message === '') throw new InputError('cannot commit with an empty message; give a commit message');
  if (options.files.length === 0) throw new InputError('no files to commit; give at least one file');
  await requireDirectory(options.cwd);

  const git = gitIn(options.cwd, options.env);
  const root = await repositoryRoot(git, options.cwd);
  await requireIdentity(git, root);
  const paths = await repositoryPaths(root, options.cwd, options.files);

  // Everything is checked; from here on the index changes.
  const atRoot = gitIn(root, options.env);
  const specs = paths.map(literal);
  await atRoot.raw(['add', '--', ...specs]).catch((error: unknown) => {
    if (/ignored by one of your \.gitignore files/.test(String(error))) {
      throw new GamedayError(
        `cannot commit ${paths.join(', ')}: .gitignore excludes it; ` +
          'take the folder out of .gitignore, or write the postmortems elsewhere (--out)',
        { cause: error },
      );
    }
    throw new GamedayError(`could not add ${paths.join(', ')} to git: ${firstLine(error)}`, { cause: error });
  });
  const changed = await run(
    () => atRoot.raw(['status', '--porcelain', '--untracked-files=no', '--', ...specs]),
    'could not read git status',
  );
  if (changed.trim() === '') return { hash: null, root, files: [] };

  await run(() => atRoot.raw(['commit', '--only', '-m', message, '--', ...specs]), 'git commit failed');
  const hash = (await run(() => atRoot.revparse(['HEAD']), 'could not read the new commit')).trim();
  return { hash, root, files: paths };
};

const requireDirectory = async (cwd: string): Promise<void> => {
  const info = await stat(cwd).catch(() => undefined);
  if (info === undefined || !info.isDirectory()) {
    throw new MissingInputError(`cannot commit from ${cwd}: no such directory`);
  }
};

/** Each file as a path relative to the repository root, checked to exist and to lie inside it. */
const repositoryPaths = async (root: string, cwd: string, files: readonly string[]): Promise<string[]> => {
  const paths: string[] = [];
  for (const file of files) {
    const absolute = resolve(cwd, file);
    const info = await stat(absolute).catch(() => undefined);
    if (info === undefined || !info.isFile()) {
      throw new MissingInputError(`cannot commit ${absolute}: no such file`);
    }
    // Resolve symlinks in the folders (e.g. /tmp -> /private/tmp) but commit the file itself, link or not.
    const real = join(await realpath(dirname(absolute)), basename(absolute));
    const inRepo = relative(root, real);
    if (inRepo === '' || inRepo.startsWith('..') || isAbsolute(inRepo)) {
      throw new InputError(`cannot commit ${absolute}: it is outside the git repository at ${root}`);
    }
    const posix = inRepo.split(sep).join('/');
    if (!paths.includes(posix)) paths.push(posix);
  }
  return paths;
};

/** A pathspec that matches the path exactly: no globbing of `*`, `?` or `[` in file names. */
const literal = (path: string): string => `:(literal)${path}`;

const run = async <T>(task: () => Promise<T>, what: string): Promise<T> => {
  try {
    return await task();
  } catch (error) {
    throw new GamedayError(`${what}: ${firstLine(error)}`, { cause: error });
  }
};
