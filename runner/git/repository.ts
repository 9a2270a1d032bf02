import { realpath } from 'node:fs/promises';
import { simpleGit, type SimpleGit } from 'simple-git';
import { ConfigError, GamedayError } from '../errors.ts';

/**
 * What the git commands of gameday share: a simple-git client that uses only
 * the person's configured identity, and the checks that come before any
 * commit (inside a work tree; an identity git knows).
 */

/** Identity variables git reads; simple-git strips other GIT_* variables from the child's environment. */
export const IDENTITY_VARIABLES = ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL'];

/** A client in `baseDir`; `env` (default process.env) without the GIT_* variables simple-git refuses. */
export const gitIn = (baseDir: string, env: NodeJS.ProcessEnv | undefined): SimpleGit => {
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

/** The work tree's root (real path) holding `cwd`; a GamedayError saying what to do when there is none. */
export const repositoryRoot = async (git: SimpleGit, cwd: string): Promise<string> => {
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

/** A ConfigError (exit 78) saying how to set it when git knows no author or committer identity. */
export const requireIdentity = async (git: SimpleGit, root: string): Promise<void> => {
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

/** git's own explanation: its `fatal:`/`error:` line when there is one, else the first non-empty line. */
export const firstLine = (error: unknown): string => {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  return lines.find((line) => /^(fatal|error):/.test(line)) ?? lines[0] ?? 'no output from git';
};
