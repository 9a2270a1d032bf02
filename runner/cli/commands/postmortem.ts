import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ExitCode } from '../../errors.ts';
import { defineCommand, type CommandContext } from '../command.ts';
import { readPackageInfo } from '../package-info.ts';

export interface PostmortemCommandOptions {
  /** Run folders, or run ids under runs/, as written on the command line. */
  runDirs: string[];
  out: string;
  template: string | undefined;
  commit: boolean;
}

export const postmortem = defineCommand<PostmortemCommandOptions>({
  name: 'postmortem',
  summary: 'Write a blameless postmortem of a run, keeping what people already wrote in it',
  usage: '<RUN_DIR>... [options]',
  description:
    'Reads the run folder (journal.jsonl, run.json, the experiment file) and writes <out>/<date>-<experiment>-<id>.md:\n' +
    'front matter, summary, impact, key timestamps, timeline, detection, response, contributing factors, what went\n' +
    'well and badly, where we got lucky, action items and supporting data. When the file exists, only the generated\n' +
    "parts are refreshed: people's text, added sections, ticked and added action items, owners and due dates stay.\n" +
    'RUN_DIR is a run folder, or a run id under runs/; several give one postmortem each (and, with --commit, one commit).\n' +
    `Exit status: ${ExitCode.ok} when written; ${ExitCode.noInput} when RUN_DIR has no journal or the template is missing; ` +
    `${ExitCode.dataError} when the template has a mistake (file:line:col) or the existing file cannot be merged.`,
  options: {
    out: { type: 'string', short: 'o', valueName: 'DIR', description: 'Where postmortems are kept (default postmortems)' },
    template: { type: 'string', valueName: 'FILE', description: "A team's own Handlebars template (default templates/default)" },
    commit: { type: 'boolean', description: 'Commit the postmortem (and nothing else) to the git repository it is in' },
  },
  positionals: { min: 1, max: Number.POSITIVE_INFINITY },
  parse: ({ values, positionals }) => ({
    runDirs: [...positionals],
    out: typeof values.out === 'string' ? values.out : 'postmortems',
    template: typeof values.template === 'string' ? values.template : undefined,
    commit: values.commit === true,
  }),
  async run(options, context) {
    // Loaded on use, so other commands do not pay for Handlebars and remark at start-up.
    const { writePostmortems } = await import('../../postmortem/index.ts');
    const result = await writePostmortems(
      options.runDirs.map((runDir) => locate(context.cwd, runDir)),
      {
        outDir: options.out,
        cwd: context.cwd,
        template: options.template,
        commit: options.commit,
        version: readPackageInfo().version,
        env: { ...context.env },
      },
    );
    for (const one of result.written) {
      for (const warning of one.warnings) context.stderr.write(`gameday: warning: ${warning}\n`);
      const { findings, actions } = one.postmortem;
      context.stdout.write(`${OUTCOME[one.outcome]} ${shown(context, one.path)} (${findings.length} finding(s), ${actions.length} action item(s))\n`);
    }
    if (result.commit !== null) {
      context.stdout.write(
        result.commit.hash === null ? 'nothing to commit: the files match the last commit\n' : `committed ${result.commit.hash.slice(0, 12)}\n`,
      );
    }
    return ExitCode.ok;
  },
});

const OUTCOME = { created: 'wrote', updated: 'updated', unchanged: 'unchanged:' } as const;

/** A run folder as given, else a run id under runs/; as given when neither has a journal (the error names it). */
const locate = (cwd: string, given: string): string => {
  const direct = resolve(cwd, given);
  if (existsSync(join(direct, 'journal.jsonl'))) return direct;
  const byId = resolve(cwd, 'runs', given);
  return existsSync(join(byId, 'journal.jsonl')) ? byId : direct;
};

const shown = (context: CommandContext, path: string): string => {
  const rel = relative(context.cwd, path);
  return rel.startsWith('..') ? path : rel;
};
