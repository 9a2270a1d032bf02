import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ticksFromGit, ticksFromLog } from '../../runner/insights/index.ts';
import { tempDir } from '../faults/fixtures.ts';
import { FIXTURES } from './fixture.ts';

// When action items were ticked, from git history: the log parser on its own, then the simple-git adapter
// in a temporary repository with commit dates set by the test.

const made: { remove(): void }[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) dir.remove();
});

/** A repository in a temporary folder; commits get the identity and dates the test gives, not the machine's. */
const repository = () => {
  const temp = tempDir('insights-git');
  made.push(temp);
  const dir = realpathSync(temp.dir);
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: dir, GIT_CONFIG_NOSYSTEM: '1' };
  const git = (args: string[], date = '2025-03-01T12:00:00Z'): string =>
    execFileSync('git', ['-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', ...args], {
      cwd: dir,
      env: { ...env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
      encoding: 'utf8',
    });
  git(['init', '-q', '-b', 'main']);
  const commit = (message: string, date: string): string => {
    git(['add', '-A'], date);
    git(['commit', '-q', '-m', message], date);
    return git(['rev-parse', 'HEAD']).trim();
  };
  return { dir, git, commit };
};

const A_FILE = '2025-03-05-slow-payments-bbbb.md';
const source = readFileSync(join(FIXTURES, A_FILE), 'utf8');
const OPEN = '- [ ] AI-b00001';
const TICKED = '- [x] AI-b00001';

describe('ticksFromLog', () => {
  const record = (hash: string, at: string, ...lines: string[]): string =>
    `\x1e${hash}\x1f${at}\n\ndiff --git a/pm.md b/pm.md\n--- a/pm.md\n+++ b/pm.md\n@@ -1 +1 @@\n${lines.join('\n')}\n`;

  it('finds the commit where an item became ticked, newest record first as git prints them', () => {
    const log = [
      record('c3', '2025-03-09T10:00:00+01:00', '-- [x] AI-aaaaaa Fix it', '+- [x] AI-aaaaaa Fix it properly — bob'),
      record('c2', '2025-03-08T10:00:00+01:00', '-- [ ] AI-aaaaaa Fix it', '+- [x] AI-aaaaaa Fix it', '-- [ ] AI-bbbbbb Other', '+- [X] AI-bbbbbb Other'),
      record('c1', '2025-03-01T10:00:00+01:00', '+- [ ] AI-aaaaaa Fix it', '+- [ ] AI-bbbbbb Other', '+  - [ ] AI-cccccc Nested'),
    ].join('');
    expect(ticksFromLog(log)).toEqual(
      new Map([
        // Editing the text of a ticked item later keeps the tick where it happened.
        ['AI-aaaaaa', { at: '2025-03-08T10:00:00+01:00', commit: 'c2' }],
        ['AI-bbbbbb', { at: '2025-03-08T10:00:00+01:00', commit: 'c2' }],
      ]),
    );
  });

  it('forgets a tick that was undone or an item that was removed, and ignores headers and other lines', () => {
    const log = [
      record('c3', '2025-03-10T00:00:00Z', '-- [x] AI-aaaaaa Fix it', '+- [ ] AI-aaaaaa Fix it', '-- [x] AI-bbbbbb Gone'),
      record('c2', '2025-03-09T00:00:00Z', '+- [x] AI-aaaaaa Fix it', '+- [x] AI-bbbbbb Gone', '+    done: true', '+- [x] not an id'),
    ].join('');
    expect(ticksFromLog(log)).toEqual(new Map());
    expect(ticksFromLog('')).toEqual(new Map());
    // `+++ b/- [x] AI-…` is a file header, not an added line.
    expect(ticksFromLog('\x1ec1\x1f2025-03-01T00:00:00Z\n\ndiff --git a/x b/x\n+++ - [x] AI-aaaaaa x\n')).toEqual(new Map());
  });
});

describe('ticksFromGit', () => {
  it('finds the commit and date where `- [ ] AI-x` became `- [x] AI-x`, following a rename', async () => {
    const repo = repository();
    mkdirSync(join(repo.dir, 'postmortems'));
    const file = join(repo.dir, 'postmortems', A_FILE);
    writeFileSync(file, source);
    repo.commit('postmortem', '2025-03-05T18:00:00Z');
    writeFileSync(join(repo.dir, 'README.md'), 'unrelated\n');
    repo.commit('unrelated', '2025-03-06T09:00:00Z');
    writeFileSync(file, source.replace(OPEN, TICKED));
    const tick = repo.commit('tick AI-b00001', '2025-03-07T14:30:00+02:00');

    expect(await ticksFromGit([file])).toEqual(new Map([[file, new Map([['AI-b00001', { at: '2025-03-07T14:30:00+02:00', commit: tick }]])]]));

    repo.git(['mv', `postmortems/${A_FILE}`, 'postmortems/renamed.md']);
    repo.commit('rename', '2025-03-08T10:00:00Z');
    const renamed = join(repo.dir, 'postmortems', 'renamed.md');
    // Relative to cwd, keyed as given.
    const ticks = await ticksFromGit(['postmortems/renamed.md'], { cwd: repo.dir });
    expect(ticks.get('postmortems/renamed.md')?.get('AI-b00001')).toEqual({ at: '2025-03-07T14:30:00+02:00', commit: tick });
    expect((await ticksFromGit([renamed])).get(renamed)?.get('AI-b00001')?.commit).toBe(tick);
  });

  it('knows no tick for an item unticked again, a file not committed, or a folder outside a repository', async () => {
    const repo = repository();
    const file = join(repo.dir, A_FILE);
    writeFileSync(file, source.replace(OPEN, TICKED));
    // Nothing committed yet: git has no history to read.
    expect(await ticksFromGit([file])).toEqual(new Map());
    repo.commit('ticked from the start', '2025-03-05T18:00:00Z');
    expect((await ticksFromGit([file])).get(file)?.get('AI-b00001')?.at).toBe('2025-03-05T18:00:00+00:00');
    writeFileSync(file, source);
    repo.commit('untick', '2025-03-06T18:00:00Z');
    expect(await ticksFromGit([file])).toEqual(new Map());
    // Ticked in the working tree but not committed: not yet in history.
    writeFileSync(file, source.replace(OPEN, TICKED));
    expect(await ticksFromGit([file])).toEqual(new Map());

    const outside = tempDir('insights-no-git');
    made.push(outside);
    const loose = join(outside.dir, A_FILE);
    writeFileSync(loose, source.replace(OPEN, TICKED));
    expect(await ticksFromGit([loose, join(outside.dir, 'missing', 'x.md')])).toEqual(new Map());
  });
});
