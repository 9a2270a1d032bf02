import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatMarkdown, loadRunDir, writePostmortems, type ExperimentCache } from '../../runner/postmortem/index.ts';
import { writeSyntheticRuns } from '../postmortems/runs.ts';
import { round } from '../stats.ts';

/** The goal of issue 5, postmortems per second. */
export const GOAL_POSTMORTEMS_PER_SECOND = 500;

export interface PostmortemsResult {
  runs: number;
  /** Mean size of a postmortem, bytes. */
  meanBytes: number;
  /** `gameday postmortem` over every run folder in one call: read, generate, write. */
  seconds: number;
  perSecond: number;
  /** Per postmortem: reading the run folder (part of `seconds`), ms. */
  readMs: number;
  /**
   * Per postmortem: what remark's parse + format of the output costs, ms. Not part of `seconds` any more:
   * the default template's output is remark's own formatting already (runner/postmortem/finish.ts).
   */
  formatMs: number;
  /** Whether remark left every postmortem as it was (`formatMarkdown(text) === text`), as the tests require. */
  remarkStable: boolean;
}

/**
 * Writes `runs` synthetic run folders to a temporary directory, then times
 * writePostmortems over all of them (the work of `gameday postmortem
 * RUN_DIR...`: template compiled once, run folders read, postmortems
 * generated, files written). Then, untimed, remark formats each output once
 * more, to show it changes nothing and what that pass would cost.
 * Everything is removed after.
 */
export async function measurePostmortems(runs = 1_000): Promise<PostmortemsResult> {
  const dir = mkdtempSync(join(tmpdir(), 'gameday-bench-postmortems-'));
  try {
    const runDirs = writeSyntheticRuns(join(dir, 'runs'), runs);
    const options = { outDir: join(dir, 'postmortems'), cwd: dir, commit: false, version: 'bench' };
    // Warm-up on a separate folder, so the timed call starts with JIT-compiled code and no earlier postmortems.
    await writePostmortems(runDirs.slice(0, 20), { ...options, outDir: join(dir, 'warm-up') });
    const started = performance.now();
    const { written } = await writePostmortems(runDirs, options);
    const seconds = (performance.now() - started) / 1_000;
    const cache: ExperimentCache = new Map();
    const readStarted = performance.now();
    for (const runDir of runDirs) loadRunDir(runDir, dir, cache);
    const readMs = (performance.now() - readStarted) / runs;
    const texts = written.map((w) => w.postmortem.text);
    const formatStarted = performance.now();
    let remarkStable = true;
    for (const text of texts) remarkStable &&= formatMarkdown(text) === text;
    const formatMs = (performance.now() - formatStarted) / runs;
    return {
      runs,
      meanBytes: Math.round(texts.reduce((n, text) => n + Buffer.byteLength(text), 0) / runs),
      seconds: round(seconds, 2),
      perSecond: round(runs / seconds, 1),
      readMs: round(readMs, 2),
      formatMs: round(formatMs, 2),
      remarkStable,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// `npx tsx bench/scenarios/postmortems.ts [RUNS]`: this scenario alone, as JSON.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await measurePostmortems(Number(process.argv[2] ?? 1_000));
  process.stdout.write(`${JSON.stringify({ ...result, goal: GOAL_POSTMORTEMS_PER_SECOND, met: result.perSecond >= GOAL_POSTMORTEMS_PER_SECOND }, null, 2)}\n`);
}
