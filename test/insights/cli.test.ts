import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../runner/cli/command.ts';
import { main } from '../../runner/cli/main.ts';
import { ExitCode } from '../../runner/errors.ts';
import type { Insights } from '../../runner/insights/index.ts';
import { tempDir } from '../faults/fixtures.ts';
import { A, B, D, FIXTURES, STAYS_FAST } from './fixture.ts';

// `gameday insights` in process, over a copy of the fixture corpus outside any git repository (so no ticks).

let cwd: ReturnType<typeof tempDir>;
beforeEach(() => {
  cwd = tempDir('insights-cli');
  cpSync(FIXTURES, join(cwd.dir, 'postmortems'), { recursive: true });
});
afterEach(() => cwd.remove());

const gameday = async (argv: string[]): Promise<{ code: number; out: string; err: string }> => {
  let out = '';
  let err = '';
  const context: Partial<CommandContext> = {
    stdout: { write: (text) => void (out += text) },
    stderr: { write: (text) => void (err += text) },
    cwd: cwd.dir,
    env: { PATH: process.env.PATH },
    stopRequested: () => new Promise(() => {}),
  };
  const code = await main(argv, { context });
  return { code, out, err };
};

describe('gameday insights', () => {
  it('prints trends with their n, recurring issues, regressions and open items, warning about bad files', async () => {
    const { code, out, err } = await gameday(['insights', '--now', '2025-04-10']);
    expect(code).toBe(ExitCode.ok);
    expect(out).toMatch(/^Insights over 8 postmortems \(7 dated, 3 hand-written\), as of 2025-04-10\n/);
    expect(out).toMatch(/\n {2}all {5}8 {5}3\.0s \/ 5\.4s \(n=4\) {2}30\.0s \/ 54\.0s \(n=3\) {2}2\.0s \/ 6\.5s \(n=4\) {2}4\/5 80% {3}5\/9 56%\n/);
    expect(out).toMatch(/\n {2}2025-03 {2}6 {5}2\.0s \/ 3\.6s \(n=3\)/);
    expect(out).toMatch(/\n {2}2025-W12 {2}1 {5}— \(n=0\)/);
    expect(out).toContain(`2×  ${STAYS_FAST}  (2025-03-03 to 2025-03-05, 1 open item)`);
    expect(out).toContain(`Regressions (a failure mode back after its action items were done): 1\n  ${STAYS_FAST}: done in ${A}`);
    expect(out).toContain('Action items: 5 open (3 overdue), 3 done, 3 verified by a later run');
    expect(out).toMatch(/\n {2}AI-d00001 {2}21d {2}2025-04-03 overdue {2}PM-20250320/);
    expect(err.split('\n').filter((line) => line !== '')).toEqual([
      expect.stringMatching(/^gameday: warning: postmortems\/2025-03-20-checkout-drill-dddd\.md:17:11 {2}severity {2}field `severity`/),
      expect.stringMatching(/^gameday: warning: postmortems\/broken\.md:3:1 {2}the front matter is not valid YAML/),
      'gameday: warning: postmortems/2025-03-10-payments-outage.md  front matter has no id, status, experiment, run_id, verdict, ' +
        'fault_kinds, severity, timestamps, durations_ms, alerts, fingerprints, action_items, related, generator; read with what it has',
      expect.stringMatching(/^gameday: warning: postmortems\/2025-03-25-payments-db-failover\.md {2}front matter has no id,/),
    ]);
  });

  it('prints everything as JSON with --json, every point included', async () => {
    const { code, out } = await gameday(['insights', '--json', '--dir', 'postmortems', '--now', '2025-04-10']);
    expect(code).toBe(ExitCode.ok);
    const parsed = JSON.parse(out) as Insights & { warnings: { path: string }[] };
    expect(parsed.now).toBe('2025-04-10');
    expect(parsed.trends.month.all[0]?.timeToDetect).toEqual({
      n: 3,
      median: 2000,
      p90: 3600,
      min: 1000,
      max: 4000,
      points: [
        { id: A, value: 2000 },
        { id: B, value: 4000 },
        { id: 'PM-20250312-100000-slow-payments-cccc', value: 1000 },
      ],
    });
    expect(parsed.regressions.map((r) => r.cameBack.postmortem)).toEqual([B]);
    expect(parsed.actionItems.items.find((i) => i.id === 'AI-d00001')).toMatchObject({
      postmortem: D,
      path: 'postmortems/2025-03-20-checkout-drill-dddd.md',
      overdue: true,
      ticked: null,
    });
    expect(parsed.warnings.map((w) => w.path)).toContain('postmortems/broken.md');
  });

  it('takes when each item was ticked from the git history of the folder', async () => {
    const git = (args: string[], date: string): string =>
      execFileSync('git', ['-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', ...args], {
        cwd: cwd.dir,
        env: { PATH: process.env.PATH, HOME: cwd.dir, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
        encoding: 'utf8',
      });
    git(['init', '-q', '-b', 'main'], '2025-03-20T12:00:00Z');
    git(['add', '-A'], '2025-03-20T12:00:00Z');
    git(['commit', '-q', '-m', 'postmortems'], '2025-03-20T12:00:00Z');
    const file = join(cwd.dir, 'postmortems', '2025-03-20-checkout-drill-dddd.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('- [ ] AI-d00001', '- [x] AI-d00001'));
    git(['commit', '-q', '-am', 'tick AI-d00001'], '2025-03-28T16:45:00+01:00');
    const hash = git(['rev-parse', 'HEAD'], '2025-03-28T16:45:00+01:00').trim();

    const parsed = JSON.parse((await gameday(['insights', '--json', '--now', '2025-04-10'])).out) as Insights;
    const ticked = Object.fromEntries(parsed.actionItems.items.flatMap((i) => (i.ticked === null ? [] : [[i.id, i.ticked]])));
    expect(ticked).toEqual({
      // Committed already ticked: the first commit is the earliest git knows of.
      'AI-a00001': { at: '2025-03-20T12:00:00+00:00', commit: expect.stringMatching(/^[0-9a-f]{40}$/) },
      'AI-d00001': { at: '2025-03-28T16:45:00+01:00', commit: hash },
      'AI-e00001': { at: '2025-03-20T12:00:00+00:00', commit: expect.stringMatching(/^[0-9a-f]{40}$/) },
    });
    expect(parsed.actionItems.items.find((i) => i.id === 'AI-d00001')).toMatchObject({ done: true, overdue: false });
  });

  it('says so for an empty folder, and fails clearly for a missing one or a bad --now', async () => {
    const empty = tempDir('insights-empty');
    try {
      writeFileSync(join(empty.dir, 'README.md'), '# Not a postmortem\n');
      expect(await gameday(['insights', '--dir', empty.dir])).toEqual({ code: ExitCode.ok, out: `no postmortems in ${empty.dir}\n`, err: '' });
    } finally {
      empty.remove();
    }
    const missing = await gameday(['insights', '--dir', 'nowhere']);
    expect(missing.code).toBe(ExitCode.noInput);
    expect(missing.err).toMatch(/^gameday: cannot read the postmortems folder .*nowhere/);
    for (const now of ['2025-02-30', 'tomorrow']) {
      expect(await gameday(['insights', '--now', now])).toEqual({
        code: ExitCode.usage,
        out: '',
        err: `gameday: --now must be a date, YYYY-MM-DD, or an ISO date-time such as 2025-03-01T12:00:00Z; got "${now}"\n`,
      });
    }
  });

  it('shows text from the files as text: no terminal escape sequence gets through', async () => {
    writeFileSync(
      join(cwd.dir, 'postmortems', '2025-03-30-hostile.md'),
      '---\ndate: 2025-03-30\nservices: ["\\e]0;owned\\a"]\n---\n# Hostile\n\n## Action items\n\n- [ ] \u001b[2J\u001b[31mred\u001b[0m text\n',
    );
    const { code, out } = await gameday(['insights', '--now', '2025-04-10']);
    expect(code).toBe(ExitCode.ok);
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(out).toContain('?[2J?[31mred?[0m text');
    expect(out).toContain('?]0;owned?');
  });

  it('is listed in gameday --help', async () => {
    expect((await gameday(['--help'])).out).toMatch(/insights\s+What keeps breaking/);
  });
});
