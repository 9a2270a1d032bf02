import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../runner/cli/command.ts';
import { main } from '../../runner/cli/main.ts';
import { ExitCode } from '../../runner/errors.ts';
import { eventsIn, startServer, tempDir, UPSTREAM, type TestServer } from '../faults/fixtures.ts';
import { closedPortUrl, deadPid, line, runStarted, writeJournal } from './fixtures.ts';

// `gameday recover` as a command: which run it picks, what it says, how it exits.

let toxiproxy: TestServer;
let cwd: ReturnType<typeof tempDir>;

beforeEach(async () => {
  toxiproxy = await startServer();
  cwd = tempDir('recover-cli');
});
afterEach(async () => {
  cwd.remove();
  await toxiproxy.server.close();
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

const aRun = async (runId: string, minutesAgo: number, ended: boolean): Promise<string> => {
  const url = toxiproxy.server.url;
  const where = { host: 'default', url };
  const name = `api.gd-${runId}`;
  await toxiproxy.client.createProxy({ name, listen: '127.0.0.1:0', upstream: UPSTREAM });
  const dir = join(cwd.dir, 'runs', runId);
  writeJournal(dir, [
    runStarted(runId, await deadPid(), [{ ...where, embedded: false }], new Date(Date.now() - minutesAgo * 60_000)),
    line('proxy.creating', { ...where, name, listen: '127.0.0.1:0', upstream: UPSTREAM }),
    ...(ended
      ? [line('proxy.deleted', { ...where, name }), line('run.ended', { verdict: 'held', exit_code: 0, reason: 'held' })]
      : []),
  ]);
  return dir;
};

describe('gameday recover', () => {
  it('says so when there are no runs at all', async () => {
    expect(await gameday(['recover'])).toEqual({ code: ExitCode.ok, out: 'nothing to recover: no runs under runs\n', err: '' });
  });

  it('picks the newest unfinished run, removes what it left, and then finds nothing more', async () => {
    await aRun('20250301-080000-older-0001', 30, false);
    const newest = await aRun('20250301-090000-newer-0002', 10, false);
    await aRun('20250301-100000-ended-0003', 1, true);

    const first = await gameday(['recover']);
    expect(first.code).toBe(ExitCode.ok);
    expect(first.out).toContain('recovering run 20250301-090000-newer-0002');
    expect(first.out).toMatch(/recovered run 20250301-090000-newer-0002: nothing of it is left \(1 thing\(s\) removed\)\n$/);
    expect(Object.keys(await toxiproxy.client.listProxies()).sort()).toEqual([
      'api.gd-20250301-080000-older-0001',
      'api.gd-20250301-100000-ended-0003',
    ]);
    expect(eventsIn(newest).at(-1)).toMatchObject({ type: 'run.ended', source: 'recover', verdict: 'rollback_incomplete' });

    expect((await gameday(['recover'])).out).toContain('recovered run 20250301-080000-older-0001');
    expect(await gameday(['recover'])).toMatchObject({
      code: ExitCode.ok,
      out: 'nothing to recover: every run under runs ended and left nothing behind\n',
    });
    // Named explicitly, a recovered run is simply reported clean.
    expect((await gameday(['recover', newest])).out).toMatch(/run 20250301-090000-newer-0002 \(runs\/.*\): nothing to recover\n$/);
  });

  it('takes a run id under --runs-dir', async () => {
    await aRun('20250301-090000-by-id-0004', 5, false);
    const result = await gameday(['recover', '20250301-090000-by-id-0004']);
    expect(result.code).toBe(ExitCode.ok);
    expect(await toxiproxy.client.listProxies()).toEqual({});
  });

  it('exits 66 with one line when RUN_DIR holds no journal', async () => {
    const result = await gameday(['recover', 'nowhere']);
    expect(result.code).toBe(ExitCode.noInput);
    expect(result.err).toMatch(/^gameday: cannot read the journal .*nowhere\/journal\.jsonl: no such file/);
  });

  it('exits 69 and lists what is left when a server does not answer', async () => {
    const dir = join(cwd.dir, 'runs', 'r1');
    const url = await closedPortUrl();
    writeJournal(dir, [
      runStarted('20250301-090000-unreachable-0005', await deadPid(), [{ host: 'default', url, embedded: false }]),
      line('proxy.creating', { host: 'default', url, name: 'api.gd-20250301-090000-unreachable-0005', listen: '127.0.0.1:0', upstream: UPSTREAM }),
    ]);
    const result = await gameday(['recover', 'runs/r1']);
    expect(result.code).toBe(ExitCode.unavailable);
    expect(result.out).toContain('recovery INCOMPLETE, 1 thing(s) are still left:');
    expect(result.out).toContain(`curl -X DELETE ${url}/proxies/api.gd-20250301-090000-unreachable-0005`);
  });
});
