import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writePostmortems } from '../../runner/postmortem/index.ts';
import { writeSyntheticRuns } from '../postmortems/runs.ts';
import type { Goal } from '../report.ts';
import { round } from '../stats.ts';

/** The goal of issue 6: the site of 1,000 postmortems built in under this many seconds. */
export const GOAL_SITE_SECONDS = 45;
export const GOAL_SITE_POSTMORTEMS = 1_000;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BASELINE_ROOT = fileURLToPath(new URL('../site-baseline/', import.meta.url));

export interface SiteBuild {
  postmortems: number;
  /** `gameday site build` as a user runs it (a fresh process, a cold Astro cache), s. */
  gamedaySeconds: number;
  /** A bare Astro site rendering the same files with Astro's own glob loader, one plain page each, s. */
  baselineSeconds: number;
  /** gameday / baseline, measured back to back. */
  ratio: number;
  /** HTML pages gameday wrote. */
  pages: number;
}

export interface SiteResult {
  builds: SiteBuild[];
  /** Writing the synthetic postmortems (not timed as part of any build), s. */
  generateSeconds: number;
}

/**
 * Generates the largest corpus once (synthetic journals of bench/postmortems/runs.ts, one an hour, through
 * writePostmortems, so files are what the tool writes), then for each size builds the first N of them twice:
 * the bare Astro baseline (bench/site-baseline) and `gameday site build`, each in its own process with its own
 * empty cache folder. Everything is removed after.
 */
export async function measureSite(sizes: readonly number[] = [100, 1_000, 5_000], progress: (line: string) => void = () => undefined): Promise<SiteResult> {
  const dir = mkdtempSync(join(tmpdir(), 'gameday-bench-site-'));
  try {
    const largest = Math.max(...sizes);
    const generated = performance.now();
    const runDirs = writeSyntheticRuns(join(dir, 'runs'), largest);
    const all = join(dir, 'all');
    await writePostmortems(runDirs, { outDir: all, cwd: dir, commit: false, version: 'bench' });
    rmSync(join(dir, 'runs'), { recursive: true, force: true });
    const generateSeconds = (performance.now() - generated) / 1_000;
    const files = readdirSync(all).filter((name) => name.endsWith('.md')).sort();

    const builds: SiteBuild[] = [];
    for (const size of sizes) {
      const corpus = join(dir, `pm-${size}`);
      mkdirSync(corpus);
      for (const name of files.slice(0, size)) copyFileSync(join(all, name), join(corpus, name));
      progress(`site: ${size} postmortems, bare Astro baseline`);
      // Run from its own folder, writing inside it: Astro's prerendering chunks go to the output folder when it is
      // inside the working directory (else to <cwd>/.astro/), and they must resolve Astro's packages from there.
      const baselineOut = join(BASELINE_ROOT, 'dist', String(size));
      const baselineSeconds = await timed('node', [join(ROOT, 'node_modules/astro/astro.js'), 'build'], {
        BENCH_SITE_POSTMORTEMS: corpus,
        BENCH_SITE_OUT: baselineOut,
        BENCH_SITE_CACHE: join(dir, `baseline-cache-${size}`),
      }, BASELINE_ROOT);
      rmSync(baselineOut, { recursive: true, force: true });
      progress(`site: ${size} postmortems, gameday site build`);
      const out = join(dir, `site-${size}`);
      const gamedaySeconds = await timed('node', [join(ROOT, 'bin/gameday.js'), 'site', 'build', '--dir', corpus, '--out', out], {
        GAMEDAY_SITE_CACHE_DIR: join(dir, `site-cache-${size}`),
      });
      const pages = readdirSync(out, { recursive: true }).filter((name) => String(name).endsWith('.html')).length;
      builds.push({ postmortems: size, gamedaySeconds: round(gamedaySeconds, 1), baselineSeconds: round(baselineSeconds, 1), ratio: round(gamedaySeconds / baselineSeconds, 2), pages });
      rmSync(out, { recursive: true, force: true });
    }
    return { builds, generateSeconds: round(generateSeconds, 1) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs a command to its end, s; its output is kept only to show when it fails. */
const timed = (command: string, args: readonly string[], env: Record<string, string>, cwd = ROOT): Promise<number> =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env, ASTRO_TELEMETRY_DISABLED: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve((performance.now() - started) / 1_000);
      else reject(new Error(`${[command, ...args].join(' ')} exited ${String(code)}:\n${output.slice(-4_000)}`));
    });
  });

export const siteGoal = (result: SiteResult): Goal => {
  const build = result.builds.find((b) => b.postmortems === GOAL_SITE_POSTMORTEMS);
  return {
    name: 'site build',
    goal: `${GOAL_SITE_POSTMORTEMS} postmortems < ${GOAL_SITE_SECONDS} s`,
    met: build !== undefined && build.gamedaySeconds < GOAL_SITE_SECONDS,
  };
};

export const renderSiteTable = (result: SiteResult): string => {
  const lines = [
    '| postmortems | gameday site build | bare Astro (same files) | ratio | pages |',
    '| ----------: | -----------------: | ----------------------: | ----: | ----: |',
    ...result.builds.map((b) => `| ${b.postmortems} | ${b.gamedaySeconds} s | ${b.baselineSeconds} s | ${b.ratio}x | ${b.pages} |`),
  ];
  return `${lines.join('\n')}\n`;
};

// `npx tsx bench/scenarios/site.ts [sizes…]` runs this scenario alone.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n) && n > 0);
  const result = await measureSite(sizes.length > 0 ? sizes : undefined, (line) => process.stderr.write(`bench: ${line}\n`));
  process.stdout.write(renderSiteTable(result));
  process.stdout.write(`generated in ${result.generateSeconds} s; goal ${siteGoal(result).goal}: ${siteGoal(result).met ? 'met' : 'NOT met'}\n`);
}
