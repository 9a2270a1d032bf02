import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, GamedayError } from '../../runner/errors.ts';
import { checkCanCommit } from '../../runner/git/index.ts';

// checkCanCommit: what `--commit` asks before anything is written. Temporary repositories, and an
// environment without the machine's git config, so only what a test sets counts.

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const tempDir = (): string => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'gameday-git-check-')));
  made.push(dir);
  return dir;
};

const isolatedEnv = (): NodeJS.ProcessEnv => {
  const home = tempDir();
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.toUpperCase().startsWith('GIT_') && key !== 'EMAIL') env[key] = value;
  }
  return { ...env, HOME: home, XDG_CONFIG_HOME: home, GIT_CONFIG_NOSYSTEM: '1' };
};

const git = (cwd: string, env: NodeJS.ProcessEnv, ...args: string[]): string => execFileSync('git', args, { cwd, env, encoding: 'utf8' });

const rejection = async (promise: Promise<unknown>): Promise<unknown> => promise.then(() => new Error('expected a rejection'), (error: unknown) => error);

describe('checkCanCommit', () => {
  it('gives the repository root for a folder that does not exist yet, and creates nothing', async () => {
    const env = isolatedEnv();
    const dir = tempDir();
    git(dir, env, 'init', '-q');
    git(dir, env, 'config', 'user.name', 'Ada Lovelace');
    git(dir, env, 'config', 'user.email', 'ada@example.com');
    mkdirSync(join(dir, 'docs'));

    expect(await checkCanCommit({ dir: join(dir, 'docs', 'postmortems', '2025'), env })).toBe(dir);
    expect(existsSync(join(dir, 'docs', 'postmortems'))).toBe(false);
  });

  it('is a GamedayError naming the folder outside a repository', async () => {
    const env = isolatedEnv();
    const dir = join(tempDir(), 'postmortems');
    const error = await rejection(checkCanCommit({ dir, env }));
    expect(error).toBeInstanceOf(GamedayError);
    expect((error as Error).message).toMatch(new RegExp(`^cannot commit: ${dir} is not inside a git repository .*leave out --commit$`));
    expect(existsSync(dir)).toBe(false);
  });

  it('is a ConfigError saying how to set an identity when git has none', async () => {
    const env = isolatedEnv();
    const dir = tempDir();
    git(dir, env, 'init', '-q');
    const error = await rejection(checkCanCommit({ dir: join(dir, 'postmortems'), env }));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/git does not know who you are .*git config --global user\.name/);
  });

  it('takes the identity from GIT_AUTHOR_*/GIT_COMMITTER_* variables', async () => {
    const env = isolatedEnv();
    const dir = tempDir();
    git(dir, env, 'init', '-q');
    const identity = { GIT_AUTHOR_NAME: 'Grace Hopper', GIT_AUTHOR_EMAIL: 'grace@example.com', GIT_COMMITTER_NAME: 'Grace Hopper', GIT_COMMITTER_EMAIL: 'grace@example.com' };
    expect(await checkCanCommit({ dir, env: { ...env, ...identity } })).toBe(dir);
  });
});
