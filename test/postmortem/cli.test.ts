import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../runner/cli/command.ts';
import { main } from '../../runner/cli/main.ts';
import { readPackageInfo } from '../../runner/cli/package-info.ts';
import { ExitCode } from '../../runner/errors.ts';
import { tempDir } from '../faults/fixtures.ts';
import { FIXTURES } from './fixture.ts';

// `gameday postmortem` in process: what it writes, what it says, how it exits; regeneration keeps
// people's edits; --commit commits the postmortem and nothing else.

let cwd: ReturnType<typeof tempDir>;
beforeEach(() => {
  cwd = tempDir('postmortem-cli');
  for (const run of ['slow-payments', 'paged-incident']) cpSync(join(FIXTURES, run), join(cwd.dir, 'runs', run), { recursive: true });
});
afterEach(() => cwd.remove());

const gameday = async (argv: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> => {
  let out = '';
  let err = '';
  const context: Partial<CommandContext> = {
    stdout: { write: (text) => void (out += text) },
    stderr: { write: (text) => void (err += text) },
    cwd: cwd.dir,
    env: { PATH: process.env.PATH, ...env },
    stopRequested: () => new Promise(() => {}),
  };
  const code = await main(argv, { context });
  return { code, out, err };
};

const SLOW = 'postmortems/2025-03-01-slow-payments-3f2a.md';
const file = (path: string): string => readFileSync(join(cwd.dir, path), 'utf8');
const git = (...args: string[]): string => execFileSync('git', args, { cwd: cwd.dir, encoding: 'utf8' });

describe('gameday postmortem', () => {
  it('writes postmortems/<date>-<experiment>-<id>.md from a run folder, and is listed in help', async () => {
    expect(await gameday(['postmortem', 'runs/slow-payments'])).toEqual({
      code: ExitCode.ok,
      out: `wrote ${SLOW} (1 finding(s), 1 action item(s))\n`,
      err: '',
    });
    const golden = readFileSync(join(FIXTURES, 'slow-payments', 'expected.md'), 'utf8');
    // The same as the golden file but for gameday's version and where the experiment file is.
    expect(file(SLOW)).toBe(golden.replace('version: test', `version: ${readPackageInfo().version}`).replaceAll('test/postmortem/fixtures/', 'runs/'));
    expect((await gameday(['--help'])).out).toMatch(/postmortem\s+Write a blameless postmortem/);
  });

  it('leaves the file as it is when nothing changed, and keeps what people wrote when regenerating', async () => {
    await gameday(['postmortem', 'runs/paged-incident', '--out', 'pm']);
    const path = 'pm/2025-03-02-checkout-drill-b7c1.md';
    expect((await gameday(['postmortem', 'runs/paged-incident', '--out', 'pm'])).out).toMatch(/^unchanged: pm\/2025-03-02-checkout-drill-b7c1.md/);

    const edited = file(path)
      .replace('status: draft', 'status: in_review')
      .replace(/^- \[ \] (AI-[0-9a-f]{6}) Make checkout recover by itself after payments-down ends — team-checkout/m, '- [x] $1 Add a circuit breaker to checkout — alice')
      .replace('<!-- gameday:section where-we-got-lucky -->', 'Carol saw it on the dashboard first.\n\n<!-- gameday:section where-we-got-lucky -->')
      .concat('\n## Notes from the review\n\nWe will repeat this drill in April.\n');
    writeFileSync(join(cwd.dir, path), edited);

    const again = await gameday(['postmortem', 'runs/paged-incident', '--out', 'pm']);
    expect(again.code).toBe(ExitCode.ok);
    const kept = file(path);
    expect(kept).toContain('status: in_review');
    expect(kept).toMatch(/^- \[x\] AI-[0-9a-f]{6} Add a circuit breaker to checkout — alice, due 2025-03-16$/m);
    expect(kept).toContain('Carol saw it on the dashboard first.');
    expect(kept).toContain('## Notes from the review\n\nWe will repeat this drill in April.');
  });

  it('writes one postmortem per run folder given, a run id under runs/ as well', async () => {
    const result = await gameday(['postmortem', 'slow-payments', 'runs/paged-incident']);
    expect(result.code).toBe(ExitCode.ok);
    expect(readdirSync(join(cwd.dir, 'postmortems')).sort()).toEqual(['2025-03-01-slow-payments-3f2a.md', '2025-03-02-checkout-drill-b7c1.md']);
  });

  it('writes a run given twice once, and leaves it as it is the second time', async () => {
    const result = await gameday(['postmortem', 'runs/slow-payments', 'slow-payments']);
    expect(result.out).toBe(`wrote ${SLOW} (1 finding(s), 1 action item(s))\nunchanged: ${SLOW} (1 finding(s), 1 action item(s))\n`);
    expect(readdirSync(join(cwd.dir, 'postmortems'))).toEqual(['2025-03-01-slow-payments-3f2a.md']);
  });

  it('exits 66 and writes nothing when a run folder has no journal', async () => {
    const result = await gameday(['postmortem', 'runs/slow-payments', 'runs/nothing-here']);
    expect(result.code).toBe(ExitCode.noInput);
    expect(result.err).toBe(`gameday: no journal in ${join(cwd.dir, 'runs', 'nothing-here')} (expected journal.jsonl: give a run folder such as runs/<run-id>)\n`);
    expect(existsSync(join(cwd.dir, 'postmortems'))).toBe(false);
  });

  it('exits 65 with the template\'s own file:line:col when --template is broken, and writes nothing', async () => {
    writeFileSync(join(cwd.dir, 'team.hbs'), '# {{title}}\n\n{{#each}}\n');
    const result = await gameday(['postmortem', 'runs/slow-payments', '--template', 'team.hbs']);
    expect(result.code).toBe(ExitCode.dataError);
    expect(result.err).toMatch(/^gameday: team\.hbs:3:\d+: syntax error: /);
    expect(existsSync(join(cwd.dir, 'postmortems'))).toBe(false);
  });

  it('needs a run folder', async () => {
    const result = await gameday(['postmortem']);
    expect(result.code).toBe(ExitCode.usage);
  });
});

describe('gameday postmortem --commit', () => {
  const identity = { GIT_AUTHOR_NAME: 'Dana Drill', GIT_AUTHOR_EMAIL: 'dana@example.com', GIT_COMMITTER_NAME: 'Dana Drill', GIT_COMMITTER_EMAIL: 'dana@example.com' };

  it('commits the postmortem, and nothing else staged, in the repository around postmortems/', async () => {
    git('init', '--quiet', '--initial-branch=main');
    writeFileSync(join(cwd.dir, 'other.txt'), 'staged by someone else\n');
    git('add', 'other.txt');

    const result = await gameday(['postmortem', 'runs/slow-payments', '--out', 'docs/postmortems', '--commit'], identity);
    expect(result.code).toBe(ExitCode.ok);
    expect(result.out).toMatch(/^wrote docs\/postmortems\/2025-03-01-slow-payments-3f2a\.md .*\ncommitted [0-9a-f]{12}\n$/);
    expect(git('show', '--name-only', '--format=%an <%ae>%n%s', 'HEAD').trim().split('\n')).toEqual([
      'Dana Drill <dana@example.com>',
      'Postmortem PM-20250301-101118-slow-payments-3f2a: slow-payments, deviated',
      '',
      'docs/postmortems/2025-03-01-slow-payments-3f2a.md',
    ]);
    expect(git('status', '--porcelain', '--', 'other.txt')).toBe('A  other.txt\n');
  });

  it('fails clearly outside a git repository, before writing anything', async () => {
    const result = await gameday(['postmortem', 'runs/slow-payments', '--commit'], identity);
    expect(result.code).not.toBe(ExitCode.ok);
    expect(result.err).toMatch(/^gameday: cannot commit: .* is not inside a git repository/);
    expect(result.out).toBe('');
    expect(existsSync(join(cwd.dir, 'postmortems'))).toBe(false);
  });

  it('fails without a git identity before writing anything', async () => {
    git('init', '--quiet');
    const result = await gameday(['postmortem', 'runs/slow-payments', '--commit'], { HOME: cwd.dir, XDG_CONFIG_HOME: cwd.dir });
    expect(result.code).toBe(ExitCode.config);
    expect(result.err).toMatch(/git does not know who you are/);
    expect(existsSync(join(cwd.dir, 'postmortems'))).toBe(false);
  });
});
