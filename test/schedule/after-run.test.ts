import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../runner/errors.ts';
import { experimentDrill, startSchedule, type ScheduleOptions } from '../../runner/schedule/index.ts';
import { namesOnServer, onlyRun, startDrillWorld, writeDrill, type DrillWorld } from './drill-fixture.ts';
import { at, recorder, scheduleFrom, tempDir, virtualClock, write } from './fixtures.ts';

/**
 * After a scheduled run: the postmortem is written and committed (that
 * file only) in a temporary git repository, as `gameday run --postmortem
 * --commit` does.
 */

let world: DrillWorld;
let work: { dir: string; remove(): void };
let home: { dir: string; remove(): void };
let env: NodeJS.ProcessEnv;

const git = (...args: string[]): string => execFileSync('git', args, { cwd: work.dir, env, encoding: 'utf8' });

beforeEach(async () => {
  world = await startDrillWorld();
  work = tempDir('gameday-schedule-after-');
  home = tempDir('gameday-schedule-home-');
  // No global git configuration and no identity from the machine: only the repository's own.
  env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toUpperCase().startsWith('GIT_') && key !== 'EMAIL'));
  Object.assign(env, { HOME: home.dir, XDG_CONFIG_HOME: home.dir, GIT_CONFIG_NOSYSTEM: '1' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Ada Lovelace');
  git('config', 'user.email', 'ada@example.com');
  write(work.dir, 'README.md', 'drills\n');
  git('add', 'README.md');
  git('commit', '-q', '-m', 'first');
});

afterEach(async () => {
  await world.close();
  work.remove();
  home.remove();
});

const SCHEDULE = `runs_dir: runs
lock: schedule.lock
after_run:
  postmortem: true
  postmortems_dir: postmortems
  commit: true
experiments:
  - file: drill.yaml
    cron: "0 10 * * *"
`;

const options = (extra: Partial<ScheduleOptions>): ScheduleOptions => ({
  schedule: scheduleFrom(SCHEDULE, work.dir),
  mode: { kind: 'once', dueWithinMs: 15 * 60_000 },
  env,
  onEvent: () => {},
  drillOutput: { write: () => {} },
  version: '0.0.0-test',
  clock: virtualClock(at('2026-06-01T10:03:00Z')),
  ...extra,
});

describe('after a scheduled run', { timeout: 60_000 }, () => {
  it('writes the postmortem and commits it, and nothing else', async () => {
    await writeDrill(work.dir, world, { name: 'drill', faultFor: '1s' });
    const log = recorder();
    const running = await startSchedule(
      options({
        onEvent: log.onEvent,
        drill: experimentDrill({ runsDir: join(work.dir, 'runs'), env: { TOXIPROXY_URL: world.toxiproxy.url }, output: { write: () => {} }, watchdog: false }),
      }),
    );
    const exitCode = await running.done;
    const runDir = onlyRun(join(work.dir, 'runs'))!;
    expect(log.lines('finished')).toEqual([expect.stringMatching(new RegExp(`^finished drill: verdict held \\(exit 0\\); run folder ${runDir}$`))]);
    expect(exitCode).toBe(0);

    const [written] = log.lines('postmortem');
    expect(written).toMatch(new RegExp(`^postmortem drill: created ${join(work.dir, 'postmortems')}/\\S+\\.md$`));
    const path = written!.split(' ').at(-1)!;
    expect(readFileSync(path, 'utf8')).toMatch(/^---\n[^]*\nexperiment:\n  name: drill\n[^]*\nverdict: held\n/);
    const [committed] = log.lines('committed');
    const hash = git('rev-parse', 'HEAD').trim();
    expect(committed).toBe(`committed drill: ${hash.slice(0, 12)}`);
    expect(git('show', '--name-only', '--format=', 'HEAD').trim().split('\n')).toEqual([relative(work.dir, path)]);
    expect(git('log', '-1', '--format=%an <%ae>').trim()).toBe('Ada Lovelace <ada@example.com>');
    // The run, its journal and the lock are not committed; the run left nothing on the server.
    expect(git('status', '--porcelain').trim().split('\n').sort()).toEqual(['?? drill.yaml', '?? runs/']);
    expect(existsSync(join(work.dir, 'schedule.lock'))).toBe(false);
    expect(await namesOnServer(world.client)).toEqual([]);
  });

  it('with commit but no git identity, refuses before any drill (ConfigError, exit 78)', async () => {
    git('config', '--unset', 'user.name');
    git('config', '--unset', 'user.email');
    let drilled = false;
    await expect(
      startSchedule(
        options({
          drill: async () => {
            drilled = true;
            throw new Error('must not run');
          },
        }),
      ),
    ).rejects.toThrow(ConfigError);
    expect(drilled).toBe(false);
  });
});
