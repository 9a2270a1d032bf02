import { resolve } from 'node:path';
import { ExitCode } from '../../errors.ts';
import { defineCommand } from '../command.ts';

export interface PlanCommandOptions {
  /** The experiment file, as written on the command line. */
  file: string;
  json: boolean;
}

export const plan = defineCommand<PlanCommandOptions>({
  name: 'plan',
  summary: 'Show the timeline a run of an experiment would follow, touching nothing',
  usage: '<file> [options]',
  description:
    'Validates the experiment and prints its resolved plan: Toxiproxy servers, proxies, every fault with its start\n' +
    'and end (from t=0, when the traffic starts), expected alerts and their deadlines, expectations, stop conditions\n' +
    'and rollback. Contacts no server and starts nothing. Without `toxiproxy:` in the file, TOXIPROXY_URL names the\n' +
    `server. Exit status: ${ExitCode.ok}, ${ExitCode.dataError} when the file has problems (printed to stderr), ` +
    `${ExitCode.noInput} when it cannot be read.`,
  options: {
    json: { type: 'boolean', description: 'Print the plan as JSON (times in milliseconds) instead of text' },
  },
  positionals: { min: 1, max: 1 },
  parse: ({ values, positionals }) => ({ file: positionals[0] ?? '', json: values.json === true }),
  async run(options, context) {
    // Loaded on use, so other commands do not pay for zod and yaml at start-up.
    const { formatProblem, loadExperimentFile, planExperiment, renderPlan } = await import('../../experiment/index.ts');
    const result = await loadExperimentFile(resolve(context.cwd, options.file), options.file);
    if (!result.ok) {
      context.stderr.write(result.problems.map((problem) => `${formatProblem(problem)}\n`).join(''));
      const n = result.problems.length;
      context.stderr.write(`gameday: ${options.file} has ${n} problem${n === 1 ? '' : 's'}; nothing was planned\n`);
      return ExitCode.dataError;
    }
    const planned = planExperiment(result.experiment, { toxiproxyUrl: context.env.TOXIPROXY_URL });
    context.stdout.write(options.json ? `${JSON.stringify(planned, null, 2)}\n` : renderPlan(planned, options.file));
    return ExitCode.ok;
  },
});
