import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { InputError } from '../errors.ts';
import { checkCanCommit, commitFiles, type CommitResult } from '../git/index.ts';
import { EarlierIndex } from './earlier-index.ts';
import { generatePostmortem, type GeneratedPostmortem } from './generate.ts';
import { loadRunDir, requireJournal, type ExperimentCache } from './load.ts';
import { mergePostmortem } from './merge.ts';
import { readPostmortemDir } from './read.ts';
import { compileTemplateSet, type Renderer } from './render.ts';
import type { EarlierPostmortem } from './source.ts';
import { loadTemplateSet } from './template-set.ts';

export interface WritePostmortemsOptions {
  /** Where postmortems are kept; created when missing. */
  outDir: string;
  /** What relative paths (and shown paths) are relative to. */
  cwd: string;
  /** A team's own main template (see templates/README.md); default: templates/default. */
  template?: string | undefined;
  /** Commit the files written (and nothing else) to the git repository holding them, in one commit. */
  commit: boolean;
  /** gameday's version, for the front matter. */
  version: string;
  /** The environment git runs in (identity variables); default process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface WrittenPostmortem {
  path: string;
  /** created: a new file; updated: merged into the existing one; unchanged: the merge changed nothing. */
  outcome: 'created' | 'updated' | 'unchanged';
  /** Things people should know (a journal line skipped, what the merge kept); none stops the postmortem. */
  warnings: string[];
  postmortem: GeneratedPostmortem;
}

export interface WritePostmortemsResult {
  written: WrittenPostmortem[];
  /** The commit made (null hash: nothing to commit), or null without `commit`. */
  commit: CommitResult | null;
}

/**
 * `gameday postmortem`: reads run folders, writes each one's postmortem into
 * `outDir` (merged into the existing file, keeping people's edits, when it
 * was generated before) and, with `commit`, commits those files. The
 * template, the run folders' journals and (with `commit`) the git repository
 * and identity are checked before anything is read or written; the
 * postmortems already in `outDir` are read once, for the recurring-failure
 * finding.
 */
export const writePostmortems = async (runDirs: readonly string[], options: WritePostmortemsOptions): Promise<WritePostmortemsResult> => {
  const renderer = compileTemplateSet(loadTemplateSet(options.template, options.cwd));
  for (const runDir of runDirs) requireJournal(resolve(options.cwd, runDir));
  const outDir = resolve(options.cwd, options.outDir);
  // With --commit, a folder outside a repository (or no git identity) is an error before anything is written.
  if (options.commit) await checkCanCommit({ dir: outDir, ...(options.env === undefined ? {} : { env: options.env }) });
  // Later runs of the batch see the earlier ones as earlier postmortems (the index keeps only those before a run).
  const earlier = new EarlierIndex(existsSync(outDir) ? await earlierIn(outDir) : []);
  const files: Files = { dir: outDir, names: existsSync(outDir) ? new Set(readdirSync(outDir)) : null };
  const cache: ExperimentCache = new Map();
  const written = runDirs.map((runDir) => {
    const one = writeOne(resolve(options.cwd, runDir), files, { ...options, renderer, earlier, cache });
    earlier.add({ id: one.postmortem.id, date: one.postmortem.facts.date, fingerprints: one.postmortem.frontMatter.fingerprints });
    return one;
  });
  const commit = options.commit && written.length > 0 ? await commitAll(outDir, written, options) : null;
  return { written, commit };
};

interface OneContext extends WritePostmortemsOptions {
  renderer: Renderer;
  earlier: EarlierIndex;
  cache: ExperimentCache;
}

/**
 * The postmortems folder during one batch and the names of the files in it: listed once when the batch
 * starts (null: there is no folder yet), then each file written added (a run given twice merges into the first).
 */
interface Files {
  dir: string;
  names: Set<string> | null;
}

const writeOne = (runDir: string, files: Files, context: OneContext): WrittenPostmortem => {
  const { source, warnings } = loadRunDir(runDir, context.cwd, context.cache);
  const postmortem = generatePostmortem(source, { renderer: context.renderer, version: context.version, earlier: context.earlier });
  const path = join(files.dir, postmortem.fileName);
  const existing = files.names?.has(postmortem.fileName) === true ? readFileSync(path, 'utf8') : undefined;
  if (existing === undefined) {
    write(files, path, postmortem.text);
    return { path, outcome: 'created', warnings, postmortem };
  }
  const merged = mergePostmortem(existing, postmortem.text);
  if (merged.skipped) {
    throw new InputError(`${path} exists and was not regenerated: ${merged.warnings.join('; ')} (move it away to write a new one)`);
  }
  if (merged.text === existing) return { path, outcome: 'unchanged', warnings: [...warnings, ...merged.warnings], postmortem };
  write(files, path, merged.text);
  return { path, outcome: 'updated', warnings: [...warnings, ...merged.warnings], postmortem };
};

/** Written whole or not at all: a temporary file renamed into place. The folder is made on the first write. */
const write = (files: Files, path: string, text: string): void => {
  if (files.names === null) {
    mkdirSync(files.dir, { recursive: true });
    files.names = new Set();
  }
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
  files.names.add(basename(path));
};

const commitAll = (outDir: string, written: readonly WrittenPostmortem[], options: WritePostmortemsOptions): Promise<CommitResult> => {
  const [first] = written;
  const subject =
    written.length === 1 && first !== undefined
      ? `Postmortem ${first.postmortem.id}: ${first.postmortem.facts.experiment.name}, ${first.postmortem.facts.verdict}`
      : `Postmortems of ${written.length} runs`;
  const runs = written.map((w) => `- ${w.postmortem.facts.runId}: ${w.postmortem.fileName}`).join('\n');
  return commitFiles({
    cwd: outDir,
    files: written.map((w) => w.path),
    message: `${subject}\n\nGenerated by gameday ${options.version} from:\n${runs}`,
    ...(options.env === undefined ? {} : { env: options.env }),
  });
};

/** Ids, dates and fingerprints of the postmortems already in `dir`, read leniently (hand-written ones included). */
const earlierIn = async (dir: string): Promise<EarlierPostmortem[]> => {
  const { postmortems } = await readPostmortemDir(dir);
  return postmortems.flatMap(({ frontMatter: fm }) =>
    fm.id === undefined ? [] : [{ id: fm.id, date: fm.date, fingerprints: fm.fingerprints ?? [] }],
  );
};

