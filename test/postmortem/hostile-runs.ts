import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { BENCH_EXPERIMENT, writeSyntheticRuns } from '../../bench/postmortems/runs.ts';

/**
 * Synthetic runs (bench/postmortems/runs.ts) whose free text is replaced by
 * hostile strings from a seeded random source: every alert summary, dedup
 * key, note, name, title, detail and reason in the journal and run.json, and
 * the experiment's descriptions, hypothesis, owners and importance. The same
 * original string always becomes the same hostile one, so names still link
 * events together (a fault's injection to its removal).
 */

/** Pieces of Markdown, GFM and HTML syntax, and text around them, that hostile strings are built from. */
const PIECES = [
  '#', '## ', '-', '- ', '--', '---', '+ ', '*', '**', '***', '_', '__', '`', '```', '~', '~~', '~~~', '[', ']', '(', ')',
  '![', '](', '[^1]', '<', '>', '<b>', '</b>', '<!--', '-->', '<!-- gameday:end -->', '&', '&amp;', '&#x3C;', '&copy;',
  '\\', '\\\\', '\\*', '|', ' | ', ':', ':-', '-:', '|-', '===', '=', '1.', '1)', '12.', '.', '!', '?', '@', 'a@b.co',
  'www.', 'www.x.io', 'www.__', 'www._x.io', 'WWW.x_y.io/a_b', 'x@y', 'a_b@c_d.e', 'mailto:a@b.co', 'xmpp:a@b.co/r', 'http://x.io/a_b', 'https://e.example/(x)?q=1&r=2', 'https://', 'http:', 'ps:/', 'mailto:', ' ', '  ',
  'a', 'word', 'x_y', 'a*b', '_x_', '*y*', 'é', '😀', '\u00a0', '—', ' — ', ' — team, due 2000-01-01', '{{title}}',
  '[ ]', '[x]', '- [ ] ', 'AI-000000', '"', "'", '$', '^', '{', '}', '/', '%', '0', '42', '\t', '\n', '\r\n', '\u2028', '>>',
] as const;

/** mulberry32: the same seed, the same strings. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};

/** A hostile string: 1 to 8 pieces, now and then with spaces between. */
export const hostileString = (random: () => number): string => {
  const count = 1 + Math.floor(random() * 8);
  const spaced = random() < 0.5;
  const parts = Array.from({ length: count }, () => PIECES[Math.floor(random() * PIECES.length)] as string);
  return parts.join(spaced ? ' ' : '');
};

/** Keys whose values are enums, times or paths the journal schema checks; everything else is free text. */
const KEEP = new Set(['action', 'type', 'source', 'at', 'phase', 'how', 'when', 'runner', 'verdict', 'origin', 'severity', 'urgency', 'channel', 'kind', 'stream', 'file', 'sha256', 'url', 'host', 'run_id']);

/** Replaces free text, the same original by the same hostile string. */
class Mutator {
  private readonly replaced = new Map<string, string>();
  private readonly random: () => number;

  constructor(seed: number) {
    this.random = prng(seed);
  }

  hostile(value: string): string {
    let out = this.replaced.get(value);
    if (out === undefined) {
      // Now and then an empty string or plain text, so hostile text also sits next to ordinary text.
      const roll = this.random();
      out = roll < 0.05 ? '' : roll < 0.15 ? `${value} ${hostileString(this.random)}` : hostileString(this.random);
      this.replaced.set(value, out);
    }
    return out;
  }

  /** Every string of `value` but those under KEEP keys (or `only`'s, when given) made hostile. */
  mutate(value: unknown, key = '', type = '', only?: ReadonlySet<string>): unknown {
    if (typeof value === 'string') {
      const keep = only === undefined ? KEEP.has(key) || (key === 'reason' && type === 'fault.removing') : !only.has(key);
      return keep ? value : this.hostile(value);
    }
    if (Array.isArray(value)) return value.map((item) => this.mutate(item, key, type, only));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.mutate(v, k, type, only)]));
    }
    return value;
  }
}

/** The experiment's free text (names stay: they must be valid names). */
const EXPERIMENT_TEXT = new Set(['description', 'hypothesis', 'owner']);

/** Makes the run folder's journal, run.json and experiment (a copy, `hostile-<dir>.yaml` beside it) hostile. */
const makeHostile = (runDir: string, mutator: Mutator, experimentFile: string): void => {
  const experiment = join(runDir, `hostile-${basename(runDir)}.yaml`);
  writeFileSync(experiment, stringify(mutator.mutate(parse(readFileSync(experimentFile, 'utf8')), '', '', EXPERIMENT_TEXT)));
  const journal = join(runDir, 'journal.jsonl');
  const lines = readFileSync(journal, 'utf8').trimEnd().split('\n');
  const mutated = lines.map((line) => {
    let event: { type: string; experiment?: { file: string } };
    try {
      event = JSON.parse(line) as typeof event;
    } catch {
      return line; // a torn last line stays torn
    }
    const out = mutator.mutate(event, '', event.type) as typeof event;
    return JSON.stringify(out.type === 'run.started' && out.experiment !== undefined ? { ...out, experiment: { ...out.experiment, file: experiment } } : out);
  });
  writeFileSync(journal, `${mutated.join('\n')}\n`);
  const runFile = join(runDir, 'run.json');
  if (!existsSync(runFile)) return;
  const run = JSON.parse(readFileSync(runFile, 'utf8')) as { expectations?: unknown[]; reason: string };
  writeFileSync(runFile, JSON.stringify({ ...run, reason: mutator.hostile(run.reason), expectations: mutator.mutate(run.expectations ?? []) }, null, 2));
};

/** Writes `count` synthetic runs under `dir` with hostile text from `seed`; returns the run folders. */
export const writeHostileRuns = (dir: string, count: number, seed: number): string[] => {
  const mutator = new Mutator(seed);
  const runDirs = writeSyntheticRuns(dir, count, seed);
  for (const runDir of runDirs) makeHostile(runDir, mutator, BENCH_EXPERIMENT);
  return runDirs;
};

/** A copy of a run folder in `dir`, its text made hostile from `seed`; the experiment is `experimentFile`. */
export const hostileCopy = (runDir: string, dir: string, seed: number, experimentFile: string): string => {
  const copy = join(dir, basename(runDir));
  cpSync(runDir, copy, { recursive: true });
  makeHostile(copy, new Mutator(seed), experimentFile);
  return copy;
};
