import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../runner/cli/command.ts';
import { main } from '../../runner/cli/main.ts';
import { CONTROL_FILE } from '../../runner/control/index.ts';
import { ExitCode } from '../../runner/errors.ts';
import { startFakeRun, tempCwd, type FakeRun } from './fixtures.ts';

// `gameday ack|note|resolve` in process, against runs whose control API listens on loopback.

let cwd: ReturnType<typeof tempCwd>;
const runs: FakeRun[] = [];

beforeEach(() => {
  cwd = tempCwd();
});
afterEach(async () => {
  for (const run of runs.splice(0)) await run.api.close();
  cwd.remove();
});

const gameday = async (argv: string[]): Promise<{ code: number; out: string; err: string }> => {
  let out = '';
  let err = '';
  const context: Partial<CommandContext> = {
    stdout: { write: (text) => void (out += text) },
    stderr: { write: (text) => void (err += text) },
    cwd: cwd.dir,
    stopRequested: () => new Promise(() => {}),
  };
  const code = await main(argv, { context });
  return { code, out, err };
};

const aRun = async (runId: string, minutesAgo: number): Promise<FakeRun> => {
  const run = await startFakeRun(cwd.dir, runId, { startedAt: new Date(Date.now() - minutesAgo * 60_000) });
  runs.push(run);
  return run;
};

describe('finding the run', () => {
  it('acts on the newest run that has not ended', async () => {
    const older = await aRun('20250301-080000-drill-0001', 30);
    const newer = await aRun('20250301-090000-drill-0002', 10);
    const ended = await aRun('20250301-100000-drill-0003', 1);
    await ended.end();
    expect(await gameday(['ack', '--by', 'alice'])).toEqual({ code: 0, out: 'inc-1 acknowledged by alice, 32s after it opened\n', err: '' });
    expect(newer.events().at(-1)).toMatchObject({ type: 'incident.acknowledged', source: 'operator', by: 'alice' });
    expect(older.events().map((e) => e.type)).not.toContain('incident.acknowledged');
  });

  it('takes a run named with --run, as a directory or a run id', async () => {
    const first = await aRun('20250301-080000-drill-0001', 30);
    await aRun('20250301-090000-drill-0002', 10);
    expect((await gameday(['note', 'looking at the pool', '--run', 'runs/20250301-080000-drill-0001', '--by', 'bob'])).out).toBe(
      'note by bob on the run: looking at the pool\n',
    );
    expect((await gameday(['resolve', 'inc-1', '--run', '20250301-080000-drill-0001', '--by', 'bob'])).out).toBe(
      'inc-1 resolved by bob, 32s after it opened\n',
    );
    expect(first.events().map((e) => e.type).slice(-3)).toEqual(['responder.note', 'alert.resolved', 'incident.resolved']);
  });

  it('says so when no run is going on', async () => {
    expect(await gameday(['ack'])).toEqual({
      code: ExitCode.noInput,
      out: '',
      err: `gameday: no run is going on: there are no runs under ${join(cwd.dir, 'runs')} (start one with gameday run FILE, or name one with --run RUN_DIR)\n`,
    });
    const run = await aRun('20250301-080000-drill-0001', 5);
    await run.end();
    expect((await gameday(['resolve'])).err).toMatch(/^gameday: no run is going on: every run under .* has ended/);
    expect(await gameday(['ack', '--run', '20250301-080000-drill-0001'])).toMatchObject({
      code: ExitCode.noInput,
      err: expect.stringMatching(/^gameday: the run in .*20250301-080000-drill-0001 has ended: there is nothing to act on/),
    });
    expect(await gameday(['ack', '--run', 'runs/nothing-here'])).toMatchObject({
      code: ExitCode.noInput,
      err: expect.stringMatching(/^gameday: runs\/nothing-here is not a run: no journal.jsonl in /),
    });
  });

  it('says so when the run does not answer, or has no control API', async () => {
    const run = await aRun('20250301-080000-drill-0001', 5);
    await run.api.close();
    expect(await gameday(['ack'])).toMatchObject({
      code: ExitCode.unavailable,
      err: expect.stringMatching(/^gameday: the run in .*20250301-080000-drill-0001 has no control API \(no control\.json\)/),
    });
    // A run killed with kill -9 leaves control.json behind, pointing at a port nobody listens on.
    const port = await freePort();
    writeFileSync(join(run.dir, CONTROL_FILE), JSON.stringify({ url: `http://127.0.0.1:${port}`, token: 't', pid: 1 }));
    expect(await gameday(['ack'])).toMatchObject({
      code: ExitCode.unavailable,
      err: expect.stringMatching(
        new RegExp(`^gameday: the run in .* does not answer on its control API at http://127.0.0.1:${port} \\(ECONNREFUSED\\); if it was killed, gameday recover`),
      ),
    });
  });
});

describe('acting', () => {
  it('acts as the user by default', async () => {
    const run = await aRun('20250301-080000-drill-0001', 5);
    const { out } = await gameday(['ack', 'inc-1']);
    expect(out).toBe(`inc-1 acknowledged by ${userInfo().username}, 32s after it opened\n`);
    expect(run.events().at(-1)).toMatchObject({ type: 'incident.acknowledged', by: userInfo().username });
  });

  it('writes a note about an incident', async () => {
    const run = await aRun('20250301-080000-drill-0001', 5);
    expect(await gameday(['note', 'p99 back under 300ms', '--incident', 'inc-1', '--by', 'carol'])).toEqual({
      code: 0,
      out: 'note by carol on inc-1: p99 back under 300ms\n',
      err: '',
    });
    expect(run.events().at(-1)).toMatchObject({ type: 'responder.note', incident: 'inc-1', by: 'carol', text: 'p99 back under 300ms' });
  });

  it('shows the run’s refusal as one line, exit 1', async () => {
    await aRun('20250301-080000-drill-0001', 5);
    expect(await gameday(['ack', 'inc-4'])).toEqual({ code: ExitCode.failure, out: '', err: 'gameday: no incident inc-4 in this run (incidents of this run: inc-1)\n' });
    await gameday(['ack']);
    expect((await gameday(['ack'])).err).toBe('gameday: no incident to acknowledge: every incident of this run is already acknowledged or resolved\n');
  });

  it('rejects a bad command line before reaching the run', async () => {
    expect(await gameday(['ack', 'inc 1'])).toMatchObject({ code: ExitCode.usage, err: expect.stringMatching(/"inc 1" is not an incident id/) });
    expect(await gameday(['note', '  '])).toMatchObject({ code: ExitCode.usage, err: 'gameday: the note is empty; usage: gameday note "TEXT"\n' });
    expect(await gameday(['note'])).toMatchObject({ code: ExitCode.usage });
    expect(await gameday(['resolve', '--by', ''])).toMatchObject({ code: ExitCode.usage });
  });
});

const freePort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
};
