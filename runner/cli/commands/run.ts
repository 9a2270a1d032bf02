import { ExitCode, UsageError } from '../../errors.ts';
import { defineCommand } from '../command.ts';

export interface RunCommandOptions {
  file: string;
  runsDir: string;
  junit: string | undefined;
  receiver: string | undefined;
  postmortem: boolean;
  postmortemsDir: string;
  commit: boolean;
}

const VERDICTS =
  '  held 0 · deviated 1 · not started 3 · aborted by a stop condition (or an error) 4 ·\n' +
  '  aborted by the operator 5 · rollback incomplete 6';

export const run = defineCommand<RunCommandOptions>({
  name: 'run',
  summary: 'Run a game day: traffic, faults on schedule, recovery, verdict; everything journaled',
  usage: '<file> [options]',
  description:
    'Preflight (Toxiproxy answers, proxies created, services healthy, steady state holds), then traffic and probes,\n' +
    'faults on their schedule, recovery, the steady state again, rollback and a verdict. Everything that happens goes\n' +
    'to <runs-dir>/<run-id>/journal.jsonl as it happens; run.json sums the run up at the end. Ctrl-C or SIGTERM stop\n' +
    'the drill and roll back; a watchdog process removes the run\'s faults if the runner is killed outright, and\n' +
    '`gameday recover` does the same by hand. Without `toxiproxy:` in the file, TOXIPROXY_URL names the server, else\n' +
    'an embedded Toxiproxy-compatible server is started.\n' +
    'During the run an alert receiver takes PagerDuty Events v2 (/v2/enqueue), Alertmanager (/alertmanager), Grafana\n' +
    '(/grafana) and generic (/alerts) webhooks; its URL and secret are in <run dir>/receiver.json (the secret comes\n' +
    'from GAMEDAY_RECEIVER_SECRET when set). Responders act with gameday ack, note and resolve.\n' +
    `Exit status is the verdict:\n${VERDICTS}\n` +
    `or ${ExitCode.dataError} when the file has problems (nothing is run).`,
  options: {
    'runs-dir': { type: 'string', valueName: 'DIR', description: 'Where run folders are written (default: runs)' },
    junit: { type: 'string', valueName: 'FILE', description: 'Also write the result as JUnit XML, for CI' },
    postmortem: { type: 'boolean', description: 'Write the postmortem of the run when it ends (see gameday postmortem)' },
    'postmortems-dir': { type: 'string', valueName: 'DIR', description: 'Where --postmortem writes (default postmortems)' },
    commit: { type: 'boolean', description: 'With --postmortem: commit it (and nothing else) to its git repository' },
    receiver: {
      type: 'string',
      valueName: 'HOST:PORT',
      description: 'Where the alert receiver listens (default GAMEDAY_RECEIVER_ADDRESS, else 127.0.0.1 and a free port)',
    },
  },
  positionals: { min: 1, max: 1 },
  parse: ({ values, positionals }) => {
    const runsDir = values['runs-dir'];
    if (runsDir === '') throw new UsageError('--runs-dir needs a directory');
    if (values.commit === true && values.postmortem !== true) throw new UsageError('--commit commits the postmortem: use it with --postmortem');
    return {
      file: positionals[0] ?? '',
      runsDir: typeof runsDir === 'string' ? runsDir : 'runs',
      junit: typeof values.junit === 'string' ? values.junit : undefined,
      receiver: typeof values.receiver === 'string' ? values.receiver : undefined,
      postmortem: values.postmortem === true,
      postmortemsDir: typeof values['postmortems-dir'] === 'string' ? values['postmortems-dir'] : 'postmortems',
      commit: values.commit === true,
    };
  },
  async run(options, context) {
    const { runExperiment } = await import('../../run/index.ts');
    const { formatProblem, loadExperimentFile } = await import('../../experiment/index.ts');
    const { resolve } = await import('node:path');
    // Problems are printed one a line, like `gameday validate`, before anything starts.
    const loaded = await loadExperimentFile(resolve(context.cwd, options.file), options.file);
    if (!loaded.ok) {
      context.stderr.write(loaded.problems.map((problem) => `${formatProblem(problem)}\n`).join(''));
      context.stderr.write(`gameday: ${options.file} has ${loaded.problems.length} problem(s); nothing was run\n`);
      return ExitCode.dataError;
    }
    if (options.commit) {
      // The postmortem is committed after the drill: a folder outside a repository must not cost a drill first.
      const { checkCanCommit } = await import('../../git/index.ts');
      await checkCanCommit({ dir: resolve(context.cwd, options.postmortemsDir), env: { ...context.env } });
    }
    const outcome = await runExperiment({
      file: resolve(context.cwd, options.file),
      runsDir: resolve(context.cwd, options.runsDir),
      junit: options.junit === undefined ? undefined : resolve(context.cwd, options.junit),
      env: context.env,
      output: context.stderr,
      report: context.stdout,
      ...(options.receiver === undefined ? {} : { receiver: { address: options.receiver } }),
      stopRequested: context.stopRequested('gameday: still rolling back; the run ends when everything it made is removed'),
    });
    if (options.postmortem) {
      const { writePostmortems } = await import('../../postmortem/index.ts');
      const { readPackageInfo } = await import('../package-info.ts');
      const result = await writePostmortems([outcome.dir], {
        outDir: options.postmortemsDir,
        cwd: context.cwd,
        template: undefined,
        commit: options.commit,
        version: readPackageInfo().version,
        env: { ...context.env },
      });
      for (const one of result.written) {
        for (const warning of one.warnings) context.stderr.write(`gameday: warning: ${warning}\n`);
        context.stdout.write(`postmortem: ${one.path}\n`);
      }
      if (result.commit?.hash) context.stdout.write(`committed ${result.commit.hash.slice(0, 12)}\n`);
    }
    return outcome.exitCode;
  },
});
