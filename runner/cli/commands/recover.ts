import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ExitCode } from '../../errors.ts';
import { defineCommand, type CommandContext } from '../command.ts';

export interface RecoverCommandOptions {
  /** A run directory (or a run id under --runs-dir), as written on the command line; undefined: find one. */
  runDir?: string;
  runsDir: string;
  force: boolean;
}

export const recover = defineCommand<RecoverCommandOptions>({
  name: 'recover',
  summary: 'Remove what an interrupted run left behind: its toxics, proxies and service processes',
  usage: '[RUN_DIR] [options]',
  description:
    'Reads the journal of a run that did not end by itself (kill -9, a crash, a machine that stopped) and removes\n' +
    'what it made and had not removed: its toxics and proxies on every Toxiproxy server the run used (only names\n' +
    'carrying its run id; never a reset, servers are shared) and the service processes it started. A run on the\n' +
    'embedded Toxiproxy left nothing there: that server ended with the runner. Running it again is harmless.\n' +
    'RUN_DIR is a run directory or a run id under --runs-dir; without it, the newest unfinished run is taken.\n' +
    `Exit status: ${ExitCode.ok} when nothing is left (or nothing was to do); ${ExitCode.unavailable} when something ` +
    `could not be removed (a server unreachable; run it again once it is back); ${ExitCode.failure} when the run is ` +
    `still in progress; ${ExitCode.noInput} when RUN_DIR has no journal.`,
  options: {
    'runs-dir': { type: 'string', valueName: 'DIR', description: 'Where runs are kept (default runs)' },
    force: { type: 'boolean', description: 'Recover even though the runner still looks alive and well' },
  },
  positionals: { min: 0, max: 1 },
  parse: ({ values, positionals }) => ({
    runDir: positionals[0],
    runsDir: typeof values['runs-dir'] === 'string' ? values['runs-dir'] : 'runs',
    force: values.force === true,
  }),
  async run(options, context) {
    const { findRunToRecover, recoverRun } = await import('../../recover/index.ts');
    const runsDir = resolve(context.cwd, options.runsDir);
    const out = (line: string): void => context.stdout.write(`${line}\n`);
    let runDir: string;
    if (options.runDir === undefined) {
      const search = findRunToRecover(runsDir);
      for (const busy of search.inProgress) {
        out(`skipping ${shown(context, busy.runDir)}: still in progress (runner pid ${busy.started.pid}); it rolls back by itself`);
      }
      if (search.run === undefined) {
        out(
          search.looked === 0
            ? `nothing to recover: no runs under ${shown(context, runsDir)}`
            : `nothing to recover: every run under ${shown(context, runsDir)} ended and left nothing behind`,
        );
        return ExitCode.ok;
      }
      runDir = search.run.runDir;
    } else {
      runDir = locate(context.cwd, runsDir, options.runDir);
    }
    const report = await recoverRun({ runDir, source: 'recover', force: options.force, log: (line) => out(`  ${line}`) });
    if (!report.acted) {
      out(`run ${report.runId} (${shown(context, runDir)}): nothing to recover`);
      return ExitCode.ok;
    }
    if (report.complete) {
      out(`recovered run ${report.runId}: nothing of it is left (${report.removed.length} thing(s) removed)`);
      return ExitCode.ok;
    }
    out(`run ${report.runId}: recovery INCOMPLETE, ${report.left.length} thing(s) are still left:`);
    for (const line of report.left) out(`  - ${line}`);
    out(`run gameday recover ${shown(context, runDir)} again once the server answers`);
    return ExitCode.unavailable;
  },
});

/** A run directory as given, else a run id under the runs directory; as given when neither has a journal (recover says why). */
const locate = (cwd: string, runsDir: string, given: string): string => {
  const direct = resolve(cwd, given);
  if (existsSync(join(direct, 'journal.jsonl'))) return direct;
  const byId = join(runsDir, given);
  return existsSync(join(byId, 'journal.jsonl')) ? byId : direct;
};

const shown = (context: CommandContext, path: string): string => {
  const rel = relative(context.cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
};
