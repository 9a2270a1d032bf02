import { readFile } from 'node:fs/promises';
import { MissingInputError } from '../errors.ts';
import { loadExperimentFile } from '../experiment/index.ts';
import { problemAt, problemsFromIssue, sortProblems, type Problem } from '../experiment/problems.ts';
import { parseYamlSource, type YamlSource } from '../experiment/yaml-source.ts';
import { resolveSchedule, type ResolvedSchedule } from './resolve.ts';
import { scheduleSchema, type Schedule } from './schema.ts';

const WHAT_A_FILE_HOLDS = 'a mapping with experiments, and optionally timezone, blackouts, incidents, kill_switch and after_run';

export type ScheduleTextResult = { ok: true; schedule: Schedule; source: YamlSource } | { ok: false; problems: Problem[] };
export type ScheduleLoadResult = { ok: true; schedule: ResolvedSchedule } | { ok: false; problems: Problem[] };

/**
 * Parses and validates a schedule file's text, the way experiment files
 * are: every problem at once, in file order, each at its line and column.
 * Never throws for a problem in the file. `file` is the name problems carry.
 */
export const loadScheduleText = (text: string, file: string): ScheduleTextResult => {
  const source = parseYamlSource(text);
  if (source.syntaxProblems.length > 0) {
    // As for experiments: the first syntax error, and every duplicate key.
    const [first] = source.syntaxProblems.filter((problem) => problem.code !== 'DUPLICATE_KEY');
    const shown = source.syntaxProblems.filter((problem) => problem === first || problem.code === 'DUPLICATE_KEY');
    return { ok: false, problems: sortProblems(shown.map((p) => problemAt(file, p.position, [], `${p.message} (expected valid YAML)`, 'yaml-syntax'))) };
  }
  if (source.value === undefined) {
    return { ok: false, problems: [problemAt(file, { line: 1, col: 1 }, [], `the file is empty (expected ${WHAT_A_FILE_HOLDS})`, 'missing')] };
  }
  const result = scheduleSchema.safeParse(source.value, { reportInput: true });
  if (result.success) return { ok: true, schedule: result.data, source };
  const context = { file, source, schema: scheduleSchema, data: source.value };
  return { ok: false, problems: sortProblems(result.error.issues.flatMap((issue) => problemsFromIssue(issue, context))) };
};

/**
 * Reads, validates and resolves a schedule file, then loads every
 * experiment it names: a missing experiment file is a problem at its
 * `file:`, and an experiment's own problems come with its own positions.
 * A schedule file that cannot be read is a MissingInputError (exit 66).
 */
export const loadScheduleFile = async (path: string, shown = path): Promise<ScheduleLoadResult> => {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = String((error as { code?: unknown }).code);
    const why = { ENOENT: 'no such file', EISDIR: 'it is a directory', EACCES: 'permission denied' }[code] ?? String(error);
    throw new MissingInputError(`cannot read schedule file ${shown}: ${why}`, { cause: error });
  }
  const loaded = loadScheduleText(text, shown);
  if (!loaded.ok) return loaded;
  const schedule = resolveSchedule(loaded.schedule, path, shown);
  const problems: Problem[] = [];
  for (const [index, entry] of schedule.entries.entries()) {
    try {
      const experiment = await loadExperimentFile(entry.file, entry.shownFile);
      if (!experiment.ok) problems.push(...experiment.problems);
    } catch (error) {
      const { position } = loaded.source.locate(['experiments', index, 'file']);
      const why = error instanceof MissingInputError ? error.message.replace(/^cannot read experiment file /, '') : String(error);
      problems.push(problemAt(shown, position, ['experiments', index, 'file'], `cannot read ${why} (expected an experiment file, relative to the schedule file)`, 'missing'));
    }
  }
  return problems.length === 0 ? { ok: true, schedule } : { ok: false, problems };
};
