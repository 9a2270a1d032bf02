import { readFile } from 'node:fs/promises';
import { MissingInputError } from '../errors.ts';
import { problemAt, problemsFromIssue, sortProblems, type Problem } from './problems.ts';
import { experimentSchema, type Experiment } from './schema.ts';
import { parseYamlSource } from './yaml-source.ts';

const WHAT_A_FILE_HOLDS = 'a mapping with name, description, services, steady_state and faults';

export type LoadResult = { ok: true; experiment: Experiment } | { ok: false; problems: Problem[] };

/**
 * Parses and validates an experiment file's text. Never throws for a
 * problem in the file: every problem found (YAML syntax first; if there is
 * none, every schema and cross-field problem) comes back at once, in file
 * order. `file` is the name problems carry, as the user wrote it.
 */
export const loadExperimentText = (text: string, file: string): LoadResult => {
  const source = parseYamlSource(text);
  if (source.syntaxProblems.length > 0) {
    // One syntax error sets off more on the lines after it; only the first is
    // worth reading. Duplicate keys stand alone, so each is reported.
    const [first] = source.syntaxProblems.filter((problem) => problem.code !== 'DUPLICATE_KEY');
    const shown = source.syntaxProblems.filter((problem) => problem === first || problem.code === 'DUPLICATE_KEY');
    return {
      ok: false,
      problems: sortProblems(
        shown.map((problem) =>
          problemAt(file, problem.position, [], `${problem.message} (expected valid YAML)`, 'yaml-syntax'),
        ),
      ),
    };
  }
  if (source.value === undefined) {
    return {
      ok: false,
      problems: [
        problemAt(file, { line: 1, col: 1 }, [], `the file is empty (expected ${WHAT_A_FILE_HOLDS})`, 'missing'),
      ],
    };
  }
  const result = experimentSchema.safeParse(source.value, { reportInput: true });
  if (result.success) return { ok: true, experiment: result.data };
  const context = { file, source, schema: experimentSchema, data: source.value };
  return { ok: false, problems: sortProblems(result.error.issues.flatMap((issue) => problemsFromIssue(issue, context))) };
};

const READ_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
};

/**
 * Reads and validates an experiment file. A file that cannot be read is a
 * MissingInputError (exit 66); problems in its content are in the result.
 */
export const loadExperimentFile = async (path: string, file = path): Promise<LoadResult> => {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = String((error as { code?: unknown }).code);
    const why = READ_ERRORS[code] ?? String(error);
    throw new MissingInputError(`cannot read experiment file ${file}: ${why}`, { cause: error });
  }
  return loadExperimentText(text, file);
};
