import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { ConfigError, GamedayError, InputError, MissingInputError } from '../errors.ts';

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

/** Identity variables git reads; simple-git strips other GIT_* variables from the child's environment. */
const IDENTITY_VARIABLES = ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL'];

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

const gitIn = (baseDir: string, env: NodeJS.ProcessEnv | undefined): SimpleGit => {
  const git = simpleGit({
    baseDir,
    allowEnvironment: IDENTITY_VARIABLES,
    // Never let git guess an identity from the host name: commits carry the person's configured one.
    config: ['user.useConfigOnly=true'],
  });
  return env === undefined ? git : git.env(withoutGuardedVariables(env));
};

/** simple-git rejects explicitly passed GIT_* variables it has not been told to allow; drop them up front. */
const withoutGuardedVariables = (env: NodeJS.ProcessEnv): Record<string, string> => {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) continue;
    const upper = key.toUpperCase();
    if (upper.startsWith('GIT_') && !IDENTITY_VARIABLES.includes(upper)) continue;
    if (['EDITOR', 'VISUAL', 'PAGER', 'PREFIX', 'SSH_ASKPASS'].includes(upper)) continue;
    kept[key] = value;
  }
  return kept;
};

const requireDirectory = async (cwd: string): Promise<void> => {
  const info = await stat(cwd).catch(() => undefined);
  if (info === undefined || !info.isDirectory()) {
    throw new MissingInputError(`cannot commit from ${cwd}: no such directory`);
  }
};

const repositoryRoot = async (git: SimpleGit, cwd: string): Promise<string> => {
  let top: string;
  try {
    top = (await git.revparse(['--show-toplevel'])).trim();
  } catch (error) {
    throw new GamedayError(
      `cannot commit: ${cwd} is not inside a git repository (${firstLine(error)}); ` +
        'write the postmortems inside a repository (--out), run `git init` there, or leave out --commit',
      { cause: error },
    );
  }
  if (top === '') {
    throw new GamedayError(`cannot commit: ${cwd} is inside a bare git repository or its .git folder; use a work tree`);
  }
  return realpath(top);
};

const requireIdentity = async (git: SimpleGit, root: string): Promise<void> => {
  for (const role of ['GIT_AUTHOR_IDENT', 'GIT_COMMITTER_IDENT']) {
    try {
      await git.raw(['var', role]);
    } catch (error) {
      throw new ConfigError(
        `cannot commit in ${root}: git does not know who you are (${firstLine(error)}); ` +
          'set your identity with `git config --global user.name "Your Name"` and ' +
          '`git config --global user.email you@example.com` (leave out --global for this repository only), then run again',
        { cause: error },
      );
    }
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

/** git's own explanation: its `fatal:`/`error:` line when there is one, else the first non-empty line. */
const firstLine = (error: unknown): string => {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  return lines.find((line) => /^(fatal|error):/.test(line)) ?? lines[0] ?? 'no output from git';
};
