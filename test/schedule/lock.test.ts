import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireLock, startSchedule, type ScheduleOptions } from '../../runner/schedule/index.ts';
import { at, fakeDrill, recorder, scheduleFrom, tempDir, virtualClock } from './fixtures.ts';

/** One drill at a time across processes: the lock file, and two schedulers sharing it. */

const made: (() => void)[] = [];
afterEach(() => made.splice(0).forEach((remove) => remove()));

const workDir = (): string => {
  const { dir, remove } = tempDir('gameday-schedule-lock-');
  made.push(remove);
  return dir;
};

/** The pid of a process that has ended. */
const deadPid = (): number => {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid;
};

describe('acquireLock', () => {
  it('creates the file holding pid, host and start time; a second taker is told who holds it; release removes it', () => {
    const path = join(workDir(), 'nested', 'schedule.lock');
    const first = acquireLock(path, { schedule: '/s.yaml', entry: 'a' });
    expect(first.ok).toBe(true);
    const holder = JSON.parse(readFileSync(path, 'utf8'));
    expect(holder).toMatchObject({ pid: process.pid, host: hostname(), schedule: '/s.yaml', entry: 'a' });
    expect(Date.parse(holder.started_at)).toBeGreaterThan(Date.now() - 60_000);

    const second = acquireLock(path, { schedule: '/s.yaml', entry: 'b' });
    expect(second).toMatchObject({ ok: false, why: `held by pid ${process.pid} since ${holder.started_at} (a)` });

    if (first.ok) first.release();
    expect(existsSync(path)).toBe(false);
    const third = acquireLock(path, { schedule: '/s.yaml', entry: 'b' });
    expect(third.ok).toBe(true);
    if (third.ok) third.release();
  });

  it('takes over a stale lock whose process is gone, and says whose it was', () => {
    const path = join(workDir(), 'schedule.lock');
    const pid = deadPid();
    writeFileSync(path, JSON.stringify({ pid, host: hostname(), started_at: '2026-01-01T00:00:00.000Z', entry: 'old' }));
    const taken = acquireLock(path, { schedule: '/s.yaml', entry: 'a' });
    expect(taken).toMatchObject({ ok: true, tookOver: `the lock of pid ${pid} (since 2026-01-01T00:00:00.000Z), which is gone` });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid, entry: 'a' });
    expect(existsSync(`${path}.takeover`)).toBe(false);
    if (taken.ok) taken.release();
  });

  it('leaves alone a lock of another host (it cannot check that pid), and one being written', () => {
    const path = join(workDir(), 'schedule.lock');
    writeFileSync(path, JSON.stringify({ pid: deadPid(), host: 'elsewhere.example', started_at: '2026-01-01T00:00:00.000Z' }));
    expect(acquireLock(path, { schedule: '/s.yaml', entry: 'a' })).toMatchObject({ ok: false, why: expect.stringContaining('on elsewhere.example, which this host cannot check') });
    writeFileSync(path, '');
    expect(acquireLock(path, { schedule: '/s.yaml', entry: 'a' })).toMatchObject({ ok: false, why: 'another process is writing it' });
  });
});

describe('two schedulers, one lock', () => {
  const text = 'lock: shared.lock\nexperiments:\n  - file: a.yaml\n    cron: "0 10 * * *"\n';
  const options = (dir: string, extra: Partial<ScheduleOptions>): ScheduleOptions => ({
    schedule: scheduleFrom(text, dir),
    mode: { kind: 'once', dueWithinMs: 15 * 60_000 },
    env: {},
    onEvent: () => {},
    drillOutput: { write: () => {} },
    version: 'test',
    ...extra,
  });

  it('one runs; the other, finding the lock held, skips and says by whom (exit 3)', async () => {
    const dir = workDir();
    let release = (): void => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const clockA = virtualClock(at('2026-06-01T10:01:00Z'));
    const a = fakeDrill(clockA, { hold: () => held });
    const logA = recorder();
    const first = await startSchedule(options(dir, { clock: clockA, drill: a.drill, onEvent: logA.onEvent }));
    // Wait until the first has its drill going (and so holds the lock).
    while (a.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));

    const clockB = virtualClock(at('2026-06-01T10:02:00Z'));
    const b = fakeDrill(clockB);
    const logB = recorder();
    const second = await startSchedule(options(dir, { clock: clockB, drill: b.drill, onEvent: logB.onEvent }));
    expect(await second.done).toBe(3);
    expect(b.calls).toEqual([]);
    expect(logB.lines('skipped')).toEqual([
      expect.stringMatching(new RegExp(`^skipped a: another drill holds the lock ${join(dir, 'shared.lock')}: held by pid ${process.pid} since \\S+ \\(a\\) \\(due Mon 2026-06-01 10:00 \\+00:00\\)$`)),
    ]);

    release();
    expect(await first.done).toBe(0);
    expect(a.calls).toHaveLength(1);
    expect(existsSync(join(dir, 'shared.lock'))).toBe(false);
  });

  it('a stale lock is taken over with a warning, and the drill runs', async () => {
    const dir = workDir();
    const pid = deadPid();
    writeFileSync(join(dir, 'shared.lock'), JSON.stringify({ pid, host: hostname(), started_at: '2026-05-31T10:00:00.000Z', entry: 'a' }));
    const clock = virtualClock(at('2026-06-01T10:01:00Z'));
    const { drill, calls } = fakeDrill(clock);
    const log = recorder();
    const running = await startSchedule(options(dir, { clock, drill, onEvent: log.onEvent }));
    expect(await running.done).toBe(0);
    expect(calls).toHaveLength(1);
    expect(log.lines('warning')).toEqual([
      `warning a: took over the stale lock ${join(dir, 'shared.lock')}: the lock of pid ${pid} (since 2026-05-31T10:00:00.000Z), which is gone`,
    ]);
    expect(existsSync(join(dir, 'shared.lock'))).toBe(false);
  });
});
