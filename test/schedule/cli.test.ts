import { spawn, type ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, startGameday, type GamedayProcess } from '../cli/gameday-process.ts';
import { tempDir, write } from './fixtures.ts';

/** `gameday schedule` as a user runs it: the real binary, in a temporary folder. */

const made: (() => void)[] = [];
const processes: GamedayProcess[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const p of processes.splice(0)) p.kill();
  for (const child of children.splice(0)) child.kill('SIGKILL');
  made.splice(0).forEach((remove) => remove());
});

const workDir = (): string => {
  const { dir, remove } = tempDir('gameday-schedule-cli-');
  made.push(remove);
  return dir;
};

const EXPERIMENT = join(ROOT, 'experiments', 'slow-payments.yaml');

const gameday = (args: string[], cwd: string): GamedayProcess => {
  const p = startGameday(['schedule', ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
  processes.push(p);
  return p;
};

describe('gameday schedule', { timeout: 30_000 }, () => {
  it('a schedule with problems: each at file:line:col on stderr, exit 65, nothing run', async () => {
    const dir = workDir();
    write(dir, 'plan.yaml', `timezone: Mars/Olympus\nexperiments:\n  - file: ${EXPERIMENT}\n    cron: "0 25 * * *"\n`);
    const end = await gameday(['plan.yaml'], dir).finished;
    expect(end.code).toBe(65);
    expect(end.stderr).toContain('plan.yaml:1:11  timezone  "Mars/Olympus" is not a time zone');
    expect(end.stderr).toContain('plan.yaml:4:11  experiments[0].cron  "0 25 * * *" is not a cron pattern: hour 25 is outside 0-23');
    expect(end.stderr).toContain('gameday: plan.yaml has 2 problem(s); nothing was run');
    expect(end.stdout).toBe('');
  });

  it('a schedule file that is not there: exit 66; options that do not go together: exit 2', async () => {
    const dir = workDir();
    const missing = await gameday(['nowhere.yaml'], dir).finished;
    expect(missing.code).toBe(66);
    expect(missing.stderr).toContain('gameday: cannot read schedule file nowhere.yaml: no such file');
    const both = await gameday(['plan.yaml', '--once', '--dry-run'], dir).finished;
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--once runs a drill and --dry-run runs none: give one of them');
  });

  it('--dry-run: the next starts of each entry in its zone, blackouts marked', async () => {
    const dir = workDir();
    write(dir, 'plan.yaml', `blackouts:\n  - from: 2026-12-20T00:00:00+01:00\n    to: 2027-01-04T00:00:00+01:00\n    reason: holiday freeze\nexperiments:\n  - file: ${EXPERIMENT}\n    cron: "0 10 * * 2"\n    timezone: America/New_York\n`);
    const end = await gameday(['plan.yaml', '--dry-run', '--from', '2026-12-10T00:00:00Z', '-n', '3'], dir).finished;
    expect(end.code, end.stderr).toBe(0);
    expect(end.stdout).toBe(
      [
        `slow-payments  "0 10 * * 2"  America/New_York  ${EXPERIMENT}`,
        '  Tue 2026-12-15 10:00 -05:00  2026-12-15T15:00:00Z',
        '  Tue 2026-12-22 10:00 -05:00  2026-12-22T15:00:00Z  skipped: blackout holiday freeze',
        '  Tue 2026-12-29 10:00 -05:00  2026-12-29T15:00:00Z  skipped: blackout holiday freeze',
        '',
      ].join('\n'),
    );
  });

  it('--once in a blackout: one timestamped line says so, nothing runs, exit 0', async () => {
    const dir = workDir();
    write(dir, 'plan.yaml', `blackouts:\n  - cron: "* * * * *"\n    reason: always\nexperiments:\n  - file: ${EXPERIMENT}\n    cron: "* * * * *"\n`);
    const end = await gameday(['plan.yaml', '--once'], dir).finished;
    expect(end.code, end.stderr).toBe(0);
    expect(end.stdout).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z  scheduler: one pass over plan\.yaml: 1 experiment\(s\); pid \d+; lock .*runs\/schedule\.lock$/m);
    expect(end.stdout).toMatch(/^\S+Z  skipped slow-payments: blackout always \(due \w{3} \d{4}-\d\d-\d\d \d\d:\d\d \+00:00\)$/m);
    expect(end.stdout).not.toContain('started');
  });

  it('--once while another process holds the lock: skipped, naming that process, exit 3', async () => {
    const dir = workDir();
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    children.push(sleeper);
    // Recorded as taken just after the sleeper started, as a real holder's lock would be.
    write(dir, 'held.lock', JSON.stringify({ pid: sleeper.pid, host: hostname(), started_at: new Date(Date.now() + 1_000).toISOString(), entry: 'other' }));
    write(dir, 'plan.yaml', `lock: held.lock\nexperiments:\n  - file: ${EXPERIMENT}\n    cron: "* * * * *"\n`);
    const end = await gameday(['plan.yaml', '--once'], dir).finished;
    expect(end.code, end.stderr).toBe(3);
    expect(end.stdout).toContain(`skipped slow-payments: another drill holds the lock ${join(dir, 'held.lock')}: held by pid ${sleeper.pid} since`);
  });

  it('runs until Ctrl-C, saying what starts next, and then stops (exit 0)', async () => {
    const dir = workDir();
    write(dir, 'plan.yaml', `kill_switch: { http: "127.0.0.1:0" }\nexperiments:\n  - file: ${EXPERIMENT}\n    cron: "0 10 1 1 *"\n    timezone: Asia/Tokyo\n`);
    const p = gameday(['plan.yaml'], dir);
    const [listening] = await p.waitForLine(/kill-switch: listening on (http:\/\/127\.0\.0\.1:\d+) /);
    await p.waitForLine(/next slow-payments: \w{3} \d{4}-01-01 10:00 \+09:00 \(\d{4}-01-01T01:00:00\.000Z\)/);
    const status = await (await fetch(`${/(http:\S+)/.exec(listening)![1]}/status`)).json();
    expect(status).toMatchObject({ running: null, next: { entry: 'slow-payments' }, kill_switch: { engaged: false } });
    p.child.kill('SIGINT');
    const end = await p.finished;
    expect(end.code, end.stderr).toBe(0);
    expect(end.stdout).toMatch(/scheduler: stopping \(SIGINT\)\n.*scheduler: stopped\n$/);
  });
});
