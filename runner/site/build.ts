import { spawn } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExitCode, GamedayError, InputError, MissingInputError } from '../errors.ts';
import type { PostmortemWarning } from '../postmortem/index.ts';
import { REPORT_FILE, type LoadReport } from './report.ts';
import type { SkippedFile } from './usable.ts';

/**
 * Builds the report site (site/, Astro) from a postmortems folder with Astro's programmatic `build()`. The
 * options are checked before Astro starts (a missing folder, an output folder a build must not empty); what was
 * published and skipped comes from the site's content loader, which reports it in Astro's cache folder
 * (report.ts), so the folder is read once. Astro's own log goes to the console at `logLevel`.
 */
export interface BuildSiteOptions {
  /** The postmortems folder. */
  postmortemsDir: string;
  /** Where the static files go; emptied first (Astro does), so it must be new, empty, or an earlier build. */
  outDir: string;
  /** The path the site is published under, e.g. /gameday/. Default /. */
  base?: string;
  /** Astro's log: 'info' lists every page, 'warn' (default) only problems, 'silent' nothing. */
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** The site's own address, for the feed's absolute links. Default GAMEDAY_SITE_URL, else http://localhost/. */
  siteUrl?: string;
  /** The day action items' ages count from, YYYY-MM-DD. Default today (UTC). */
  now?: string;
  /** Read when action items were ticked from git history (one `git log` a file). Default true. */
  ticks?: boolean;
  /** Astro's cache (the content store: rendered bodies kept between builds). Default site/.astro/cache. */
  cacheDir?: string;
}

export interface BuildSiteResult {
  /** Absolute path of the built site. */
  outDir: string;
  /** HTML pages written. */
  pages: number;
  /** Postmortems published. */
  postmortems: number;
  /** Files left out, with why. */
  skipped: SkippedFile[];
  /** Problems in published files (usable.ts `warningLines` makes them lines). */
  warnings: PostmortemWarning[];
  /** Wall time of the build, ms. */
  durationMs: number;
}

/** A build that Astro could not finish; the message carries Astro's. */
export class SiteBuildError extends GamedayError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, exitCode: ExitCode.failure });
    this.name = 'SiteBuildError';
  }
}

/** The Astro project: site/ in this repository. */
export const SITE_ROOT = fileURLToPath(new URL('../../site/', import.meta.url));

/** Builds share the cache folder and its report file: one build at a time. */
let queue: Promise<unknown> = Promise.resolve();

export const buildSite = (options: BuildSiteOptions): Promise<BuildSiteResult> => {
  const run = queue.then(() => buildOnce(options));
  queue = run.catch(() => undefined);
  return run;
};

const buildOnce = async (options: BuildSiteOptions): Promise<BuildSiteResult> => {
  const started = performance.now();
  const postmortemsDir = resolve(options.postmortemsDir);
  const outDir = resolve(options.outDir);
  const base = baseOf(options.base ?? '/');
  const cacheDir = resolve(options.cacheDir ?? (process.env.GAMEDAY_SITE_CACHE_DIR || join(SITE_ROOT, '.astro', 'cache')));
  await checkPostmortemsDir(postmortemsDir);
  await checkOutDir(outDir, postmortemsDir);
  const reportFile = join(cacheDir, REPORT_FILE);
  await rm(reportFile, { force: true });
  const env: Record<string, string | undefined> = {
    GAMEDAY_POSTMORTEMS_DIR: postmortemsDir,
    GAMEDAY_SITE_NOW: options.now,
    GAMEDAY_SITE_TICKS: options.ticks === false ? '0' : undefined,
    GAMEDAY_SITE_CACHE_DIR: cacheDir,
    // Astro would otherwise report the build to its makers over the network.
    ASTRO_TELEMETRY_DISABLED: process.env.ASTRO_TELEMETRY_DISABLED ?? '1',
    NODE_ENV: process.env.NODE_ENV,
    // Vite's own import.meta.env names: Astro's server code reads them from the process environment first, so a
    // value there (a test runner sets them) would override the site's config.
    BASE_URL: undefined,
    MODE: undefined,
    DEV: undefined,
    PROD: undefined,
    SSR: undefined,
  };
  // Astro writes its prerendering chunks into the output folder when that is inside the working directory, and
  // they import Astro's packages: so the build goes to a folder inside site/ (run from there), moved into place.
  const staging = join(SITE_ROOT, '.build', `${process.pid}-${Date.now().toString(36)}`);
  try {
    await runAstroBuild({ outDir: staging, base, logLevel: options.logLevel ?? 'warn', site: options.siteUrl }, env);
    await moveInto(staging, outDir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  const report = await readReport(reportFile);
  return {
    outDir,
    pages: await countPages(outDir),
    postmortems: report.postmortems,
    skipped: report.skipped,
    warnings: report.warnings,
    durationMs: Math.round(performance.now() - started),
  };
};

const checkPostmortemsDir = async (dir: string): Promise<void> => {
  const info = await stat(dir).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error || !info.isDirectory()) {
    const why = info instanceof Error ? (info.code ?? info.message) : 'not a folder';
    throw new MissingInputError(`cannot read the postmortems folder ${dir}: ${why}`);
  }
};

/** The loader's report; a build that succeeded without one is a bug in the site. */
const readReport = async (file: string): Promise<LoadReport> => {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as LoadReport;
  } catch (error) {
    throw new SiteBuildError(`the site was built but its loader left no report in ${file}`, { cause: error });
  }
};

/** `/`, or `/a/b/`: one leading and one trailing slash, path characters only. */
const baseOf = (text: string): string => {
  const trimmed = text.trim().replace(/^\/+|\/+$/g, '');
  if (trimmed !== '' && !/^[A-Za-z0-9._~!$&'()*+,;=:@%/-]+$/.test(trimmed)) {
    throw new InputError(`the base must be a URL path such as /gameday/, got "${text}"`);
  }
  return trimmed === '' ? '/' : `/${trimmed}/`;
};

/**
 * Astro empties the output folder before it writes, so it must not hold anything else: not the postmortems,
 * the site's sources or the working directory, and if it exists and has files, an earlier build (index.html).
 */
const checkOutDir = async (outDir: string, postmortemsDir: string): Promise<void> => {
  const holds = (outer: string, inner: string): boolean => {
    const rel = relative(outer, inner);
    return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel));
  };
  for (const [what, path] of [
    ['the postmortems folder', postmortemsDir],
    ['the site sources (site/)', SITE_ROOT],
    ['the working directory', process.cwd()],
  ] as const) {
    if (holds(outDir, path)) {
      throw new InputError(`the output folder ${outDir} holds ${what}, and a build empties it first; choose a folder of its own such as site/dist`);
    }
  }
  const names = await readdir(outDir).catch(() => null);
  if (names === null || names.length === 0 || names.includes('index.html')) return;
  throw new InputError(
    `the output folder ${outDir} is not empty and holds no earlier build (no index.html); a build empties it first, so choose a new or empty folder`,
  );
};

/** Replaces `to` (checked by checkOutDir: new, empty or an earlier build) with `from`; a copy across file systems. */
const moveInto = async (from: string, to: string): Promise<void> => {
  await rm(to, { recursive: true, force: true });
  await mkdir(dirname(to), { recursive: true });
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await cp(from, to, { recursive: true });
  }
};

/** The build process (astro-build-process.mjs): Astro's log goes to this process's stdout and stderr. */
const ASTRO_BUILD = fileURLToPath(new URL('./astro-build-process.mjs', import.meta.url));

const runAstroBuild = (settings: Record<string, string | undefined>, env: Record<string, string | undefined>): Promise<void> =>
  new Promise((resolvePromise, reject) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env };
    for (const [key, value] of Object.entries(env)) {
      if (value === undefined) delete childEnv[key];
      else childEnv[key] = value;
    }
    const child = spawn(process.execPath, [ASTRO_BUILD, JSON.stringify(settings)], {
      cwd: SITE_ROOT,
      env: childEnv,
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      process.stderr.write(chunk);
    });
    child.once('error', (error) => reject(new SiteBuildError(`the site build could not start: ${error.message}`, { cause: error })));
    child.once('close', (code, signal) => {
      if (code === 0) resolvePromise();
      else {
        const last = stderr.trim().split('\n').slice(-1)[0] ?? '';
        reject(new SiteBuildError(`the site build failed (${signal ?? `exit ${String(code)}`})${last === '' ? '' : `: ${last}`}`));
      }
    });
  });

const countPages = async (dir: string): Promise<number> => {
  let pages = 0;
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    const info = await stat(path);
    if (info.isDirectory()) pages += await countPages(path);
    else if (name.endsWith('.html')) pages += 1;
  }
  return pages;
};
