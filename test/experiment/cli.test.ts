import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../runner/cli/command.ts';
import { main } from '../../runner/cli/main.ts';
import { ExitCode } from '../../runner/errors.ts';
import { runGameday } from '../cli/gameday-process.ts';
import { broken, VALID } from './fixtures.ts';

// `gameday validate` and `gameday plan`, in process against files in a temporary directory,
// and once through the real binary.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gameday-experiment-'));
  await writeFile(join(dir, 'good.yaml'), VALID);
  await writeFile(join(dir, 'also-good.yaml'), VALID.replace('name: shop-latency', 'name: shop-latency-2'));
  await writeFile(join(dir, 'bad.yaml'), broken('importance: critical', 'importance: huge').replace('proxy: to-payments', 'proxy: nowhere'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const gameday = async (argv: string[], env: Record<string, string> = {}) => {
  let stdout = '';
  let stderr = '';
  const context: Partial<CommandContext> = {
    stdout: { write: (text) => void (stdout += text) },
    stderr: { write: (text) => void (stderr += text) },
    env,
    cwd: dir,
    stopRequested: () => new Promise(() => {}),
  };
  const code = await main(argv, { context });
  return { code, stdout, stderr };
};

const BAD_PROBLEMS =
  'bad.yaml:6:17  services[0].importance  "huge" is not allowed (expected one of: critical, high, medium, low)\n' +
  'bad.yaml:20:12  faults[0].proxy  unknown proxy "nowhere" (expected one of: to-payments)\n';

describe('gameday validate', () => {
  it('exits 0 and says so for each file when all are valid', async () => {
    const result = await gameday(['validate', 'good.yaml', 'also-good.yaml']);
    expect(result).toEqual({
      code: ExitCode.ok,
      stdout: 'good.yaml: valid (1 service, 1 fault)\nalso-good.yaml: valid (1 service, 1 fault)\n',
      stderr: '',
    });
  });

  it(`exits ${ExitCode.dataError} when any file is invalid, with every problem of every file`, async () => {
    const result = await gameday(['validate', 'good.yaml', 'bad.yaml']);
    expect(result).toEqual({
      code: ExitCode.dataError,
      stdout: `good.yaml: valid (1 service, 1 fault)\n${BAD_PROBLEMS}2 problems in 1 file of 2\n`,
      stderr: '',
    });
  });

  it('prints only problems with --quiet', async () => {
    const result = await gameday(['validate', '-q', 'good.yaml', 'bad.yaml']);
    expect(result.stdout).toBe(`${BAD_PROBLEMS}2 problems in 1 file of 2\n`);
  });

  it(`exits ${ExitCode.noInput} when a file cannot be read, and still checks the others`, async () => {
    const result = await gameday(['validate', 'missing.yaml', 'good.yaml']);
    expect(result).toEqual({
      code: ExitCode.noInput,
      stdout: 'good.yaml: valid (1 service, 1 fault)\n',
      stderr: 'gameday: cannot read experiment file missing.yaml: no such file\n',
    });
  });

  it(`exits ${ExitCode.usage} without a file`, async () => {
    const result = await gameday(['validate']);
    expect(result.code).toBe(ExitCode.usage);
    // The wording belongs to the argument parser; it names the command.
    expect(result.stderr).toMatch(/^gameday: .*gameday validate.*\n$/);
  });
});

describe('gameday plan', () => {
  it('prints the timeline of a valid experiment, naming TOXIPROXY_URL when set', async () => {
    const result = await gameday(['plan', 'good.yaml'], { TOXIPROXY_URL: 'http://127.0.0.1:8474' });
    expect(result.code).toBe(ExitCode.ok);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Toxiproxy\n  default  http://127.0.0.1:8474\n');
    expect(result.stdout).toContain(
      'Timeline\n' +
        '       10s  + slow: latency 800ms on to-payments downstream\n' +
        '       40s  - slow removed\n' +
        '       40s  faults over; recovery awaited up to 1m, then steady state measured for 10s\n' +
        '     1m50s  run ends at the latest\n',
    );
  });

  it('prints the plan as JSON with --json', async () => {
    const result = await gameday(['plan', '--json', 'good.yaml']);
    const plan = JSON.parse(result.stdout) as { faults: { start: number; end: number }[]; end: number };
    expect(plan.faults.map(({ start, end }) => [start, end])).toEqual([[10_000, 40_000]]);
    expect(plan.end).toBe(110_000);
  });

  it(`prints the problems to stderr and exits ${ExitCode.dataError} for an invalid experiment`, async () => {
    const result = await gameday(['plan', 'bad.yaml']);
    expect(result).toEqual({
      code: ExitCode.dataError,
      stdout: '',
      stderr: `${BAD_PROBLEMS}gameday: bad.yaml has 2 problems; nothing was planned\n`,
    });
  });
});

describe('the gameday binary', () => {
  it('validates the full reference example (exit 0) and rejects a broken file (exit 65)', async () => {
    const good = await runGameday(['validate', 'experiments/examples/full-reference.yaml']);
    expect(good.stdout).toBe('experiments/examples/full-reference.yaml: valid (2 services, 9 faults)\n');
    expect(good.code).toBe(0);
    const bad = await runGameday(['validate', join(dir, 'bad.yaml')]);
    expect(bad.code).toBe(65);
    expect(bad.stdout).toContain('services[0].importance  "huge" is not allowed');
  });
});
