import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { commands } from '../../runner/cli/commands/index.ts';
import { runGameday, startGameday, type GamedayProcess } from './gameday-process.ts';

// These run the real binary, as a user would: `node bin/gameday.js …`.

const running: GamedayProcess[] = [];
afterEach(() => {
  for (const gameday of running.splice(0)) gameday.kill();
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gameday-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const URL_LINE = /^Toxiproxy API listening on (http:\/\/127\.0\.0\.1:(\d+))$/m;

describe('gameday (the binary)', () => {
  it('prints help listing the commands, and exits 0', async () => {
    const result = await runGameday(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: gameday <command> \[options\]$/m);
    const lines = result.stdout.split('\n').map((line) => line.trim().split(/ {2,}/));
    for (const command of commands) {
      if (command.hidden === true) expect(lines).not.toContainEqual([command.name, command.summary]);
      else expect(lines).toContainEqual([command.name, command.summary]);
    }
    expect(commands.filter((command) => command.hidden === true).map((command) => command.name)).toEqual(['watchdog']);
    expect(result.stderr).toBe('');
  });

  it('prints help for one command', async () => {
    const result = await runGameday(['toxiproxy', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: gameday toxiproxy \[options\]$/m);
    expect(result.stdout).toContain('--port PORT');
    expect(result.stdout).toContain('--config FILE');
  });

  it('prints its version from package.json', async () => {
    const result = await runGameday(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('rejects an unknown command with one line naming it and the commands, exit 2', async () => {
    const result = await runGameday(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `gameday: unknown command "frobnicate"; expected one of: ${commands.map((c) => c.name).join(', ')} (see gameday --help)\n`,
    );
  });

  it('rejects an unknown option with one line naming it and the allowed options, exit 2', async () => {
    const result = await runGameday(['toxiproxy', '--prot', '1']);
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^gameday: unknown option --prot for gameday toxiproxy; expected one of: .*--port/);
  });

  it('rejects a bad option value, exit 2', async () => {
    const result = await runGameday(['toxiproxy', '--port', '70000']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('gameday: --port must be a port from 0 to 65535, got 70000\n');
  });
});

describe('gameday toxiproxy', () => {
  const start = (args: string[]): GamedayProcess => {
    const gameday = startGameday(['toxiproxy', '--port', '0', ...args]);
    running.push(gameday);
    return gameday;
  };

  it('starts, prints its URL, answers /version and stops on SIGTERM with exit 0', async () => {
    const server = start([]);
    const [, url] = await server.waitForLine(URL_LINE);
    const response = await fetch(`${url}/version`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ version: expect.any(String) });

    server.child.kill('SIGTERM');
    const result = await server.finished;
    expect(result).toMatchObject({ code: 0, signal: null, stderr: '' });
    expect(result.stdout.trimEnd().split('\n')).toEqual([`Toxiproxy API listening on ${url}`]);
    await expect(fetch(`${url}/version`)).rejects.toThrow();
  });

  it('stops on SIGINT with exit 0', async () => {
    const server = start([]);
    await server.waitForLine(URL_LINE);
    server.child.kill('SIGINT');
    expect((await server.finished).code).toBe(0);
  });

  it('creates the proxies of --config at start', async () => {
    const file = join(dir, 'proxies.json');
    await writeFile(file, JSON.stringify([{ name: 'db', listen: '127.0.0.1:0', upstream: '127.0.0.1:5432' }]));
    const server = start(['--config', file]);
    const [, url] = await server.waitForLine(URL_LINE);
    const proxies = (await (await fetch(`${url}/proxies`)).json()) as Record<string, { upstream: string }>;
    expect(Object.keys(proxies)).toEqual(['db']);
    expect(proxies.db?.upstream).toBe('127.0.0.1:5432');
    server.child.kill('SIGTERM');
    expect((await server.finished).code).toBe(0);
  });

  it('names a missing --config file', async () => {
    const result = await runGameday(['toxiproxy', '--port', '0', '--config', 'no-such-proxies.json'], { cwd: dir });
    expect(result.code).toBe(66);
    expect(result.stderr).toBe('gameday: cannot read config file no-such-proxies.json: no such file\n');
  });

  it('names a --config file that is not JSON', async () => {
    await writeFile(join(dir, 'broken.json'), '[{"name": "db",');
    const result = await runGameday(['toxiproxy', '--port', '0', '--config', 'broken.json'], { cwd: dir });
    expect(result.code).toBe(65);
    expect(result.stderr).toMatch(/^gameday: config file broken\.json is not valid JSON: .+\n$/);
  });

  it('names a --config file that is not a /populate array', async () => {
    await writeFile(join(dir, 'object.json'), '{"name": "db"}');
    const result = await runGameday(['toxiproxy', '--port', '0', '--config', 'object.json'], { cwd: dir });
    expect(result.code).toBe(65);
    expect(result.stderr).toMatch(/^gameday: config file object\.json must hold a JSON array of proxies/);
  });

  it('says the port is taken, exit 69', async () => {
    const first = start([]);
    const [, , port] = await first.waitForLine(URL_LINE);
    const result = await runGameday(['toxiproxy', '--port', String(port)]);
    expect(result.code).toBe(69);
    expect(result.stderr).toBe(
      `gameday: cannot listen on 127.0.0.1:${port}: address already in use (choose another --port, or stop what uses it)\n`,
    );
  });
});
