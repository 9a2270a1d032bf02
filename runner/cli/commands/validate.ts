import { resolve } from 'node:path';
import { ExitCode, GamedayError } from '../../errors.ts';
import { defineCommand } from '../command.ts';

export interface ValidateOptions {
  /** Experiment files, as written on the command line. */
  files: string[];
  quiet: boolean;
}

export const validate = defineCommand<ValidateOptions>({
  name: 'validate',
  summary: 'Check experiment files without running anything',
  usage: '<file>... [options]',
  description:
    'Checks each file against the experiment schema and across its fields (names, references, the fault schedule),\n' +
    'and prints every problem at once, one a line: file:line:col  field  what is wrong (expected …).\n' +
    `Exit status: ${ExitCode.ok} when every file is valid, ${ExitCode.dataError} when any has a problem, ` +
    `${ExitCode.noInput} when a file cannot be read.`,
  options: {
    quiet: { type: 'boolean', short: 'q', description: 'Print only problems, not a line per valid file' },
  },
  positionals: { min: 1, max: Number.POSITIVE_INFINITY },
  parse: ({ values, positionals }) => ({ files: [...positionals], quiet: values.quiet === true }),
  async run(options, context) {
    // Loaded on use, so other commands do not pay for zod and yaml at start-up.
    const { formatProblem, loadExperimentFile } = await import('../../experiment/index.ts');
    let invalid = 0;
    let unreadable = 0;
    let problemCount = 0;
    for (const file of options.files) {
      let result;
      try {
        result = await loadExperimentFile(resolve(context.cwd, file), file);
      } catch (error) {
        if (!(error instanceof GamedayError)) throw error;
        context.stderr.write(`gameday: ${error.message}\n`);
        unreadable += 1;
        continue;
      }
      if (result.ok) {
        if (!options.quiet) {
          const { services, faults } = result.experiment;
          context.stdout.write(`${file}: valid (${count(services.length, 'service')}, ${count(faults.length, 'fault')})\n`);
        }
        continue;
      }
      invalid += 1;
      problemCount += result.problems.length;
      context.stdout.write(result.problems.map((problem) => `${formatProblem(problem)}\n`).join(''));
    }
    if (invalid > 0) {
      context.stdout.write(`${count(problemCount, 'problem')} in ${count(invalid, 'file')} of ${options.files.length}\n`);
    }
    if (unreadable > 0) return ExitCode.noInput;
    return invalid > 0 ? ExitCode.dataError : ExitCode.ok;
  },
});

const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
