import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPostmortemDir } from '../../runner/postmortem/index.ts';
import { startGameday, type GamedayProcess } from '../cli/gameday-process.ts';
import { takeExamplePorts } from '../helpers/example-ports.ts';

/**
 * `gameday demo` as a new user runs it, in an empty folder: the four example game days against the demo shop
 * and the embedded Toxiproxy, their postmortems, and the site built from them.
 */

const EXPECTED_VERDICTS = {
  'slow-payments': 'deviated',
  'inventory-down': 'deviated',
  'flaky-network': 'held',
  'saturated-link': 'held',
} as const;

describe('gameday demo', () => {
  const workdir = mkdtempSync(join(tmpdir(), 'gameday-demo-'));
  let demo: GamedayProcess | undefined;
  let giveBackPorts: (() => void) | undefined;

  // test/run/examples.test.ts runs the same examples on the same ports: one file at a time.
  beforeAll(async () => {
    giveBackPorts = await takeExamplePorts();
  }, 600_000);

  afterAll(async () => {
    demo?.kill();
    await demo?.finished.catch(() => undefined);
    giveBackPorts?.();
    rmSync(workdir, { recursive: true, force: true });
  });

  it('runs the four examples, writes their postmortems outside the repository and builds the site from them', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.TOXIPROXY_URL;
    demo = startGameday(['demo', '--out', 'out'], { cwd: workdir, env });
    const finished = await demo.finished;
    expect(finished.code, finished.stderr).toBe(0);

    // One summary line per run: experiment, verdict, postmortem path.
    for (const [experiment, verdict] of Object.entries(EXPECTED_VERDICTS)) {
      expect(finished.stdout).toMatch(new RegExp(`^${experiment}\\s+${verdict}\\s+out/postmortems/\\S+\\.md$`, 'm'));
    }
    // Progress was shown throughout: every run announced, and the site step.
    expect(finished.stderr).toMatch(/run 1\/4: slow-payments/);
    expect(finished.stderr).toMatch(/run 4\/4: saturated-link/);
    expect(finished.stderr).toMatch(/site built: \d+ pages/);
    expect(finished.stdout).toMatch(/gameday site preview --out out\/site/);

    // The postmortems: one per run, valid against the shared schema, each naming its verdict.
    const read = await readPostmortemDir(join(workdir, 'out', 'postmortems'));
    expect(read.postmortems).toHaveLength(4);
    for (const postmortem of read.postmortems) {
      expect(postmortem.warnings).toEqual([]);
      const name = postmortem.frontMatter.experiment?.name as keyof typeof EXPECTED_VERDICTS;
      expect(postmortem.frontMatter.verdict).toBe(EXPECTED_VERDICTS[name]);
    }
    // Nothing was written to the repository's postmortems folder or anywhere else in the working folder.
    expect(readdirSync(workdir)).toEqual(['out']);
    expect(readdirSync(join(workdir, 'out')).sort()).toEqual(['postmortems', 'runs', 'site']);

    // The site: an overview, and a page for each postmortem that shows its title.
    const site = join(workdir, 'out', 'site');
    expect(existsSync(join(site, 'index.html'))).toBe(true);
    const pages = listHtml(site);
    for (const postmortem of read.postmortems) {
      const title = postmortem.frontMatter.title ?? '';
      expect(pages.some((page) => readFileSync(page, 'utf8').includes(escapeHtml(title))), title).toBe(true);
    }
  }, 300_000);
});

const listHtml = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => join(entry.parentPath, entry.name));

const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
