import { basename, join, resolve } from 'node:path';
import { shownPath } from '../paths/shown.ts';
import type { Verdict } from '../journal/index.ts';
import type { RunOutcome, RunOptions } from '../run/index.ts';
import type { WritePostmortemsOptions, WritePostmortemsResult } from '../postmortem/index.ts';

/**
 * `gameday demo`: the whole loop on the demo shop with nothing else installed. Each example experiment
 * starts the demo services and the embedded Toxiproxy itself; the demo runs them one after the other
 * (one at a time keeps the timings, and so the verdicts, what the examples promise on a 2-core machine),
 * writes their postmortems, builds the site from them and says how to open it.
 */

/** The examples, in the order they run; each is `experiments/<name>.yaml` of the package. */
export const DEMO_EXPERIMENTS = ['slow-payments', 'inventory-down', 'flaky-network', 'saturated-link'] as const;

export interface DemoSite {
  pages: number;
  skipped: readonly { path: string; reason: string }[];
}

export interface DemoOptions {
  /** Absolute paths of the experiment files, in order. */
  experiments: readonly string[];
  /** How many times the whole set runs (more rounds: recurring issues and trends show on the site). */
  rounds: number;
  /** Absolute: `<dir>/runs` holds the run folders. */
  outDir: string;
  /** Absolute: where postmortems are written (default `<outDir>/postmortems`). */
  postmortemsDir: string;
  /** Absolute: where the site is built; null: no site. */
  siteDir: string | null;
  /** The directory paths are shown relative to. */
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  version: string;
  /** Progress, a line a step (each run's own progress too). */
  output: { write(text: string): void; isTTY?: boolean };
  /** Resolves when the operator asks to stop: the running drill rolls back and nothing more starts. */
  stopRequested?: Promise<string>;
  runExperiment: (options: RunOptions) => Promise<RunOutcome>;
  writePostmortems: (runDirs: readonly string[], options: WritePostmortemsOptions) => Promise<WritePostmortemsResult>;
  buildSite: (options: { postmortemsDir: string; outDir: string }) => Promise<DemoSite>;
  now?: () => number;
}

export interface DemoRun {
  experiment: string;
  round: number;
  runId: string;
  dir: string;
  verdict: Verdict;
  postmortem: string | null;
}

export interface DemoResult {
  runs: DemoRun[];
  site: DemoSite | null;
  /** Set when the operator stopped the demo (the signal's name). */
  stopped: string | null;
  /** True when every run ended with a verdict from a finished drill (held or deviated). */
  complete: boolean;
}

/** Verdicts of a drill that ran to its end; anything else means the demo did not do what it shows. */
const FINISHED: readonly Verdict[] = ['held', 'deviated'];

export const runDemo = async (options: DemoOptions): Promise<DemoResult> => {
  const now = options.now ?? Date.now;
  const started = now();
  const say = (text: string): void => options.output.write(`demo [${seconds(now() - started)}] ${text}\n`);
  const shown = (path: string): string => shownPath(options.cwd, path);
  let stopped: string | null = null;
  void options.stopRequested?.then((signal) => {
    stopped = signal;
  });

  // Self-contained: the embedded Toxiproxy, whatever TOXIPROXY_URL says in this shell.
  const env = { ...options.env, TOXIPROXY_URL: undefined };
  const total = options.experiments.length * options.rounds;
  const runs: DemoRun[] = [];
  say(`${total} run(s): ${options.experiments.map((file) => basename(file, '.yaml')).join(', ')}` +
    (options.rounds > 1 ? ` × ${options.rounds} rounds` : '') + `; output in ${shown(options.outDir)}`);
  for (let round = 1; round <= options.rounds && stopped === null; round += 1) {
    for (const file of options.experiments) {
      if (stopped !== null) break;
      const name = basename(file, '.yaml');
      say(`run ${runs.length + 1}/${total}: ${name}`);
      const outcome = await options.runExperiment({
        file,
        runsDir: join(options.outDir, 'runs'),
        env,
        output: options.output,
        report: { write: () => undefined },
        ...(options.stopRequested === undefined ? {} : { stopRequested: options.stopRequested }),
      });
      const written = await options.writePostmortems([outcome.dir], {
        outDir: options.postmortemsDir,
        cwd: options.cwd,
        commit: false,
        version: options.version,
        env: { ...options.env },
      });
      const postmortem = written.written[0]?.path ?? null;
      runs.push({ experiment: name, round, runId: outcome.runId, dir: outcome.dir, verdict: outcome.verdict, postmortem });
      say(`${name}: ${outcome.verdict}` + (postmortem === null ? '' : `; postmortem ${shown(resolve(options.cwd, postmortem))}`));
    }
  }

  const complete = stopped === null && runs.every((run) => FINISHED.includes(run.verdict));
  let site: DemoSite | null = null;
  if (options.siteDir !== null && stopped === null) {
    say(`building the site from ${shown(options.postmortemsDir)}`);
    site = await options.buildSite({ postmortemsDir: options.postmortemsDir, outDir: options.siteDir });
    say(`site built: ${site.pages} pages in ${shown(options.siteDir)}` +
      (site.skipped.length > 0 ? `; ${site.skipped.length} file(s) skipped` : ''));
  }
  say(stopped === null ? 'done' : `stopped (${stopped}); the drill in progress was rolled back`);
  return { runs, site, stopped, complete };
};

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1).padStart(5)}s`;
