import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { MissingInputError } from '../errors.ts';
import { loadExperimentText, type Experiment } from '../experiment/index.ts';
import { JOURNAL_FILE, readJournal } from '../journal/index.ts';
import { runRecordSchema, type RunRecord } from './run-record.ts';
import type { PostmortemSource } from './source.ts';

const RUN_FILE = 'run.json';

export interface LoadedSource {
  source: PostmortemSource;
  /** What was missing or odd, one line each, for the command to show; none of them stops the postmortem. */
  warnings: string[];
}

/** Experiments already read, by path and SHA-256 of the file, for runs of the same experiment in one batch. */
export type ExperimentCache = Map<string, { experiment: Experiment | undefined; warnings: string[] }>;

/**
 * Reads a run folder: its journal (required: MissingInputError, exit 66,
 * without it), run.json and the experiment file the journal names (both
 * optional; a warning when absent or unreadable). Relative paths are shown
 * relative to `cwd`.
 */
export const loadRunDir = (runDir: string, cwd: string, cache: ExperimentCache = new Map()): LoadedSource => {
  const journal = readJournal(requireJournal(runDir));
  const warnings = journal.problems.map((p) => `${JOURNAL_FILE}:${p.line}: ${p.message}; the line is left out`);
  const run = readRunRecord(join(runDir, RUN_FILE), warnings);
  const started = journal.events.find((e) => e.type === 'run.started');
  let experiment: Experiment | undefined;
  let experimentFile: string | undefined;
  if (started?.type === 'run.started') {
    const recorded = started.experiment.file;
    const path = [isAbsolute(recorded) ? recorded : resolve(cwd, recorded), resolve(runDir, recorded)].find((p) => existsSync(p));
    experimentFile = path === undefined ? recorded : shown(cwd, path);
    if (path === undefined) warnings.push(`experiment file ${recorded} not found; owners and expectations come from the journal alone`);
    else {
      const key = `${path}\n${started.experiment.sha256}`;
      const known = cache.get(key) ?? readExperiment(path, started.experiment.sha256, experimentFile);
      cache.set(key, known);
      experiment = known.experiment;
      warnings.push(...known.warnings);
    }
  } else {
    warnings.push('the journal has no run.started event; the postmortem has little to say');
  }
  return { source: { events: journal.events, journalProblems: journal.problems, run, experiment, experimentFile }, warnings };
};

/** The run folder's journal path; MissingInputError (exit 66) when there is none. */
export const requireJournal = (runDir: string): string => {
  const path = join(runDir, JOURNAL_FILE);
  if (!existsSync(path)) throw new MissingInputError(`no journal in ${runDir} (expected ${JOURNAL_FILE}: give a run folder such as runs/<run-id>)`);
  return path;
};

const readRunRecord = (path: string, warnings: string[]): RunRecord | undefined => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    warnings.push(`no ${RUN_FILE} (the run did not finish); expectations are judged from the journal where it can`);
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    warnings.push(`${RUN_FILE} is not JSON; it is ignored`);
    return undefined;
  }
  const parsed = runRecordSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  warnings.push(`${RUN_FILE} is not as expected (${parsed.error.issues[0]?.path.join('.') ?? ''}); it is ignored`);
  return undefined;
};

const readExperiment = (path: string, sha256: string, file: string): { experiment: Experiment | undefined; warnings: string[] } => {
  const warnings: string[] = [];
  const bytes = readFileSync(path);
  const text = bytes.toString('utf8');
  if (createHash('sha256').update(bytes).digest('hex') !== sha256) {
    warnings.push(`${file} changed since the run; owners and descriptions come from its current version`);
  }
  const loaded = loadExperimentText(text, file);
  if (loaded.ok) return { experiment: loaded.experiment, warnings };
  warnings.push(`${file} is not a valid experiment any more; owners and expectations come from the journal alone`);
  return { experiment: undefined, warnings };
};

const shown = (cwd: string, path: string): string => {
  const rel = relative(cwd, path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
};
