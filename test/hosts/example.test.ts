import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventOf } from '../../runner/journal/index.ts';
import { ROOT, runGameday } from '../cli/gameday-process.ts';
import { eventsOf, namesOnServer, runDirIn } from '../run/helpers-cli.ts';
import { openBench, startRun, type Bench } from './helpers.ts';

/**
 * experiments/examples/two-hosts.yaml: validate and plan take it and show
 * its hosts, and it runs against two `gameday toxiproxy` servers. Also what
 * validate says about lists of servers that cannot work.
 */

const EXAMPLE = 'experiments/examples/two-hosts.yaml';

describe('two-hosts.yaml with validate and plan', () => {
  it('is valid', async () => {
    const end = await runGameday(['validate', EXAMPLE]);
    expect(end.code, end.stderr).toBe(0);
    expect(end.stdout).toBe(`${EXAMPLE}: valid (4 services, 2 faults)\n`);
  });

  it('plans each server by host and each proxy on its host', async () => {
    const end = await runGameday(['plan', EXAMPLE]);
    expect(end.code, end.stderr).toBe(0);
    expect(end.stdout).toMatch(/\nToxiproxy\n {2}web {2}http:\/\/127\.0\.0\.1:8474\n {2}app {2}http:\/\/127\.0\.0\.1:8475\n/);
    for (const [proxy, host] of [
      ['checkout-to-payments', 'app'],
      ['checkout-to-inventory', 'app'],
      ['storefront-to-checkout', 'web'],
      ['storefront-to-inventory', 'web'],
    ]) {
      expect(end.stdout).toMatch(new RegExp(`\\n {2}${proxy} +\\S+ -> \\S+ +for \\w+ +on ${host}\\n`));
    }
  });
});

describe('lists of Toxiproxy servers that cannot work', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gameday-hosts-validate-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** `gameday validate` on the example after `edit`; `lineOf` is the 1-based line of the first line holding a text, in the edited file. */
  const validate = async (
    name: string,
    edit: (text: string) => string,
  ): Promise<{ code: number | null; stdout: string; file: string; lineOf(needle: string): number }> => {
    const file = join(dir, `${name}.yaml`);
    const text = readFileSync(join(ROOT, EXAMPLE), 'utf8');
    const edited = edit(text);
    expect(edited).not.toBe(text);
    writeFileSync(file, edited);
    const end = await runGameday(['validate', file]);
    const lines = edited.split('\n');
    return { code: end.code, stdout: end.stdout, file, lineOf: (needle) => lines.findIndex((line) => line.includes(needle)) + 1 };
  };

  it('a host without a url: the embedded server cannot stand for one host of several, and the message says so', async () => {
    const { code, stdout, file, lineOf } = await validate('no-url', (text) => text.replace('    url: http://127.0.0.1:8475\n', ''));
    expect(code).toBe(65);
    // Reported at the host's entry, `- host: app`, whose mapping lacks the key.
    expect(stdout).toContain(
      `${file}:${lineOf('- host: app')}:5  toxiproxy[1].url  missing (expected the URL of this host's Toxiproxy API, such as http://10.0.0.5:8474: ` +
        'with a list, each host runs its own `gameday toxiproxy` or Toxiproxy; the embedded server is used only when toxiproxy: is left out)',
    );
  });

  it('two hosts naming one server', async () => {
    const { code, stdout, file, lineOf } = await validate('same-url', (text) => text.replace('url: http://127.0.0.1:8475', 'url: http://127.0.0.1:8474/'));
    expect(code).toBe(65);
    expect(stdout).toContain(`${file}:${lineOf('url: http://127.0.0.1:8474/')}:10  toxiproxy[1].url  "http://127.0.0.1:8474/" is already the server of host "web"`);
  });
});

describe('two-hosts.yaml run against two gameday toxiproxy servers', { timeout: 90_000 }, () => {
  let bench: Bench;
  beforeEach(async () => {
    bench = await openBench();
  });
  afterEach(async () => {
    await bench.close();
  });

  it('holds, with each proxy on the server of its host, and leaves both servers as it found them', async () => {
    // The example as written, but for the servers of this test and with its commands run from experiments/.
    const text = readFileSync(join(ROOT, EXAMPLE), 'utf8')
      .replace('url: http://127.0.0.1:8474', `url: ${bench.edge.url}`)
      .replace('url: http://127.0.0.1:8475', `url: ${bench.db.url}`)
      .replaceAll('cwd: ..\n', `cwd: ${join(ROOT, 'experiments')}\n`).replaceAll('cwd: .. }', `cwd: ${join(ROOT, 'experiments')} }`);
    const file = join(bench.tmp, 'two-hosts.yaml');
    writeFileSync(file, text);

    const end = await startRun(bench, file).finished;
    expect(end.code, `${end.stdout}\n${end.stderr}`).toBe(0);
    expect(end.stdout).toContain('verdict: held');
    expect(await namesOnServer(bench.edge.client)).toEqual([]);
    expect(await namesOnServer(bench.db.client)).toEqual([]);

    const created = eventsOf(runDirIn(bench.runsDir)!).filter((e): e is EventOf<'proxy.created'> => e.type === 'proxy.created');
    expect(created.map((e) => [e.name.split('.gd-')[0], e.host, e.url])).toEqual([
      ['checkout-to-payments', 'app', bench.db.url],
      ['checkout-to-inventory', 'app', bench.db.url],
      ['storefront-to-checkout', 'web', bench.edge.url],
      ['storefront-to-inventory', 'web', bench.edge.url],
    ]);
  });
});
