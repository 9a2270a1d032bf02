import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, GamedayError, MissingInputError } from '../../runner/errors.ts';
import * as git_ from '../../runner/git/index.ts';

const { commitFiles } = git_;

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const tempDir = (): string => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'gameday-git-')));
  made.push(dir);
  return dir;
};

/** An environment with no global git config and no identity from the machine: only what a test sets. */
const isolatedEnv = (): NodeJS.ProcessEnv => {
  const home = tempDir();
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.toUpperCase().startsWith('GIT_') && key !== 'EMAIL') env[key] = value;
  }
  return { ...env, HOME: home, XDG_CONFIG_HOME: home, GIT_CONFIG_NOSYSTEM: '1' };
};

const git = (cwd: string, env: NodeJS.ProcessEnv, ...args: string[]): string =>
  execFileSync('git', args, { cwd, env, encoding: 'utf8' });

/** A repository with one commit and, unless `identity` is false, a local user.name/user.email. */
const repository = (env: NodeJS.ProcessEnv, identity = true): string => {
  const dir = tempDir();
  git(dir, env, 'init', '-q', '-b', 'main');
  if (identity) {
    git(dir, env, 'config', 'user.name', 'Ada Lovelace');
    git(dir, env, 'config', 'user.email', 'ada@example.com');
    writeFileSync(join(dir, 'README.md'), 'hello\n');
    git(dir, env, 'add', 'README.md');
    git(dir, env, 'commit', '-q', '-m', 'first');
  }
  return dir;
};

const committedFiles = (dir: string, env: NodeJS.ProcessEnv, rev = 'HEAD'): string[] =>
  git(dir, env, 'show', '--name-only', '--format=', rev).split('\n').filter((line) => line !== '');

const staged = (dir: string, env: NodeJS.ProcessEnv): string[] =>
  git(dir, env, 'diff', '--cached', '--name-only').split('\n').filter((line) => line !== '');

describe('commitFiles', () => {
  it('is, with checkCanCommit, all that runner/git exports', () => {
    expect(Object.keys(git_)).toEqual(['checkCanCommit', 'commitFiles']);
  });

  it('commits only the given files, new and changed, and leaves another staged change staged', async () => {
    const env = isolatedEnv();
    const dir = repository(env);
    writeFileSync(join(dir, 'other.txt'), 'someone else is working on this\n');
    git(dir, env, 'add', 'other.txt');
    writeFileSync(join(dir, 'README.md'), 'hello, edited but not staged\n');
    mkdirSync(join(dir, 'postmortems'));
    writeFileSync(join(dir, 'postmortems', '2025-01-31-a-1a2b.md'), '# A\n');
    writeFileSync(join(dir, 'postmortems', '2025-01-31-b-3c4d.md'), '# B\n');

    const result = await commitFiles({
      cwd: dir,
      files: ['postmortems/2025-01-31-a-1a2b.md', join(dir, 'postmortems', '2025-01-31-b-3c4d.md')],
      message: 'postmortem: add two postmortems',
      env,
    });

    expect(result.hash).toBe(git(dir, env, 'rev-parse', 'HEAD').trim());
    expect(result.root).toBe(dir);
    expect(result.files).toEqual(['postmortems/2025-01-31-a-1a2b.md', 'postmortems/2025-01-31-b-3c4d.md']);
    expect(committedFiles(dir, env).sort()).toEqual(result.files);
    expect(git(dir, env, 'log', '-1', '--format=%s|%an <%ae>|%cn <%ce>').trim()).toBe(
      'postmortem: add two postmortems|Ada Lovelace <ada@example.com>|Ada Lovelace <ada@example.com>',
    );
    expect(staged(dir, env)).toEqual(['other.txt']);
    expect(git(dir, env, 'status', '--porcelain', '--', 'README.md')).toBe(' M README.md\n');
  });

  it('commits a changed file again and returns null when nothing changed', async () => {
    const env = isolatedEnv();
    const dir = repository(env);
    const file = join(dir, 'pm.md');
    writeFileSync(file, 'one\n');
    const first = await commitFiles({ cwd: dir, files: [file], message: 'first version', env });
    writeFileSync(file, 'two\n');
    const second = await commitFiles({ cwd: dir, files: [file], message: 'second version', env });
    expect(second.hash).not.toBe(first.hash);
    expect(committedFiles(dir, env)).toEqual(['pm.md']);

    const third = await commitFiles({ cwd: dir, files: [file], message: 'unchanged', env });
    expect(third).toEqual({ hash: null, root: dir, files: [] });
    expect(git(dir, env, 'rev-parse', 'HEAD').trim()).toBe(second.hash);
  });

  it('works from a postmortems/ subfolder of a bigger repository, with paths relative to the root', async () => {
    const env = isolatedEnv();
    const dir = repository(env);
    const sub = join(dir, 'teams', 'payments', 'postmortems');
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'x [draft] *.md'), '# odd name\n');
    writeFileSync(join(sub, 'x-other.md'), '# not mine\n');

    const result = await commitFiles({ cwd: sub, files: ['x [draft] *.md'], message: 'postmortem: odd name', env });

    expect(result.files).toEqual(['teams/payments/postmortems/x [draft] *.md']);
    expect(committedFiles(dir, env)).toEqual(['teams/payments/postmortems/x [draft] *.md']);
    expect(git(dir, env, 'status', '--porcelain')).toBe('?? teams/payments/postmortems/x-other.md\n');
  });

  it('makes the first commit of an empty repository without taking other staged files', async () => {
    const env = isolatedEnv();
    const dir = repository(env, false);
    git(dir, env, 'config', 'user.name', 'Ada Lovelace');
    git(dir, env, 'config', 'user.email', 'ada@example.com');
    writeFileSync(join(dir, 'staged.txt'), 'staged by someone\n');
    git(dir, env, 'add', 'staged.txt');
    writeFileSync(join(dir, 'pm.md'), '# pm\n');

    const result = await commitFiles({ cwd: dir, files: ['pm.md'], message: 'postmortem: first', env });

    expect(result.hash).toMatch(/^[0-9a-f]{40}$/);
    expect(committedFiles(dir, env)).toEqual(['pm.md']);
    expect(staged(dir, env)).toEqual(['staged.txt']);
  });

  it('fails with a clear GamedayError outside a repository, changing nothing', async () => {
    const env = isolatedEnv();
    const dir = tempDir();
    writeFileSync(join(dir, 'pm.md'), '# pm\n');
    const error = await commitFiles({ cwd: dir, files: ['pm.md'], message: 'm', env }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GamedayError);
    expect((error as Error).message).toContain(`${dir} is not inside a git repository`);
    expect((error as Error).message).toContain('git init');
  });

  it('fails with a ConfigError saying how to set user.name and user.email when git has no identity', async () => {
    const env = isolatedEnv();
    const dir = repository(env, false);
    writeFileSync(join(dir, 'pm.md'), '# pm\n');
    const error = await commitFiles({ cwd: dir, files: ['pm.md'], message: 'm', env }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('git does not know who you are');
    expect((error as Error).message).toContain('git config --global user.name "Your Name"');
    expect((error as Error).message).toContain('git config --global user.email you@example.com');
    // Checked before anything changed: the file was not even added.
    expect(staged(dir, env)).toEqual([]);
  });

  it('takes the identity from GIT_AUTHOR_*/GIT_COMMITTER_* variables when they are set', async () => {
    const base = isolatedEnv();
    const dir = repository(base, false);
    writeFileSync(join(dir, 'pm.md'), '# pm\n');
    const env = {
      ...base,
      GIT_AUTHOR_NAME: 'Grace Hopper',
      GIT_AUTHOR_EMAIL: 'grace@example.com',
      GIT_COMMITTER_NAME: 'Grace Hopper',
      GIT_COMMITTER_EMAIL: 'grace@example.com',
    };
    await commitFiles({ cwd: dir, files: ['pm.md'], message: 'by env', env });
    expect(git(dir, env, 'log', '-1', '--format=%an <%ae>').trim()).toBe('Grace Hopper <grace@example.com>');
  });

  it('rejects a missing file and a file outside the repository before changing anything', async () => {
    const env = isolatedEnv();
    const dir = repository(env);
    const missing = await commitFiles({ cwd: dir, files: ['nope.md'], message: 'm', env }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(MissingInputError);
    expect((missing as Error).message).toContain('nope.md: no such file');

    const outside = join(tempDir(), 'elsewhere.md');
    writeFileSync(outside, '# elsewhere\n');
    writeFileSync(join(dir, 'mine.md'), '# mine\n');
    const error = await commitFiles({ cwd: dir, files: ['mine.md', outside], message: 'm', env }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GamedayError);
    expect((error as Error).message).toContain('outside the git repository');
    expect(staged(dir, env)).toEqual([]);
  });

  it('says so when .gitignore covers the file, and commits nothing', async () => {
    const env = isolatedEnv();
    const dir = repository(env);
    writeFileSync(join(dir, '.gitignore'), 'postmortems/\n');
    mkdirSync(join(dir, 'postmortems'));
    writeFileSync(join(dir, 'postmortems', 'pm.md'), '# pm\n');
    const error = await commitFiles({ cwd: dir, files: ['postmortems/pm.md'], message: 'm', env }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GamedayError);
    expect((error as Error).message).toBe(
      'cannot commit postmortems/pm.md: .gitignore excludes it; take the folder out of .gitignore, or write the postmortems elsewhere (--out)',
    );
    expect(git(dir, env, 'log', '--format=%s')).toBe('first\n');
  });

  it('rejects an empty message and an empty file list', async () => {
    const env = isolatedEnv();
    const dir = repository(env);
    await expect(commitFiles({ cwd: dir, files: ['README.md'], message: '  ', env })).rejects.toThrow(/empty message/);
    await expect(commitFiles({ cwd: dir, files: [], message: 'm', env })).rejects.toThrow(/no files to commit/);
  });
});
