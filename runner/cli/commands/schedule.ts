import { resolve } from 'node:path';
import { ExitCode, UsageError } from '../../errors.ts';
import { defineCommand } from '../command.ts';
import { integerOption } from '../values.ts';

export interface ScheduleCommandOptions {
  file: string;
  once: boolean;
  dryRun: boolean;
  /** Starts shown per entry with --dry-run. */
  count: number;
  /** With --once: how far back a start still counts as due, as written (a duration). */
  dueWithin: string;
  /** With --dry-run: list starts after this instant (epoch ms) instead of now. */
  fromMs: number | undefined;
}

const DEFAULT_DUE_WITHIN = '15m';

export const schedule = defineCommand<ScheduleCommandOptions>({
  name: 'schedule',
  summary: 'Run game days on a schedule: cron per experiment, blackouts, incident check, kill switch',
  usage: '<file> [options]',
  description:
    'Reads a schedule file (experiments with a cron pattern each, time zones, blackout windows, where open incidents\n' +
    'are seen: an Alertmanager to ask and/or a standing alert receiver your monitoring sends to; a kill switch,\n' +
    'after-run steps) and runs each drill as `gameday run` does when it is due.\n' +
    'A start is skipped, with one line saying why, when the kill switch is pulled, it falls in a blackout, another\n' +
    'drill holds the lock, or a critical or error alert is firing. The kill switch (its file appearing, or POST /stop)\n' +
    'stops the running drill as Ctrl-C does (rolled back, verdict aborted by the operator) and every start until it is\n' +
    'cleared (the file removed; POST /resume). Each event is one line on stdout; drills print their progress on stderr.\n' +
    `Exit status: ${ExitCode.ok} when stopped (Ctrl-C); with --once, the highest of the drills' verdict codes (see gameday run),\n` +
    `${ExitCode.ok} for a start in a blackout, 3 for one refused (kill switch, lock, open incident), ${ExitCode.unavailable} when Alertmanager\n` +
    `cannot be asked or the receiver's port is taken; ${ExitCode.dataError} when the schedule or an experiment has problems (nothing is run).`,
  options: {
    once: { type: 'boolean', description: `Run what is due (started within --due-within) or else the next start, now; then exit` },
    'dry-run': { type: 'boolean', description: 'Print the next starts of each entry in its time zone, and which fall in blackouts; run nothing' },
    count: { type: 'string', short: 'n', valueName: 'N', description: 'Starts per entry with --dry-run (default 5)' },
    'due-within': {
      type: 'string',
      valueName: 'DURATION',
      description: `With --once: a start this long ago is still due, for CI schedulers that fire late (default ${DEFAULT_DUE_WITHIN})`,
    },
    from: { type: 'string', valueName: 'TIME', description: 'With --dry-run: list starts after this ISO time (with its offset) instead of now' },
  },
  positionals: { min: 1, max: 1 },
  parse: ({ values, positionals }) => parseOptions(values, positionals[0] ?? ''),
  async run(options, context) {
    const { formatProblem, parseDuration } = await import('../../experiment/index.ts');
    const dueWithinMs = parseDuration(options.dueWithin);
    if (dueWithinMs === undefined) throw new UsageError(`--due-within must be a duration such as 15m, 1h or 90s, got "${options.dueWithin}"`);
    const { formatEvent, loadScheduleFile, previewSchedule, startSchedule } = await import('../../schedule/index.ts');
    const loaded = await loadScheduleFile(resolve(context.cwd, options.file), options.file);
    if (!loaded.ok) {
      context.stderr.write(loaded.problems.map((problem) => `${formatProblem(problem)}\n`).join(''));
      context.stderr.write(`gameday: ${options.file} has ${loaded.problems.length} problem(s); nothing was run\n`);
      return ExitCode.dataError;
    }
    if (options.dryRun) {
      context.stdout.write(previewSchedule(loaded.schedule, options.fromMs ?? Date.now(), options.count));
      return ExitCode.ok;
    }
    const { readPackageInfo } = await import('../package-info.ts');
    const running = await startSchedule({
      schedule: loaded.schedule,
      mode: options.once ? { kind: 'once', dueWithinMs } : { kind: 'loop' },
      env: context.env,
      onEvent: (event) => context.stdout.write(`${formatEvent(event)}\n`),
      drillOutput: context.stderr,
      version: readPackageInfo().version,
      stopRequested: context.stopRequested('gameday: still rolling back; the scheduler stops when everything the drill made is removed'),
      buildSite: loaded.schedule.afterRun.site ? await loadBuildSite() : undefined,
    });
    return running.done;
  },
});

const parseOptions = (values: Readonly<Record<string, string | boolean | undefined>>, file: string): ScheduleCommandOptions => {
  const once = values.once === true;
  const dryRun = values['dry-run'] === true;
  if (once && dryRun) throw new UsageError('--once runs a drill and --dry-run runs none: give one of them');
  const count = typeof values.count === 'string' ? integerOption('--count', values.count) : 5;
  if (count < 1 || count > 1_000) throw new UsageError(`--count must be from 1 to 1000, got ${count}`);
  if (values.count !== undefined && !dryRun) throw new UsageError('--count is for --dry-run');
  if (values.from !== undefined && !dryRun) throw new UsageError('--from is for --dry-run');
  if (values['due-within'] !== undefined && !once) throw new UsageError('--due-within is for --once');
  const dueWithin = typeof values['due-within'] === 'string' ? values['due-within'] : DEFAULT_DUE_WITHIN;
  return { file, once, dryRun, count, dueWithin, fromMs: fromTime(values.from) };
};

const fromTime = (value: string | boolean | undefined): number | undefined => {
  if (typeof value !== 'string') return undefined;
  const ms = /(?:Z|[+-]\d{2}:\d{2})$/.test(value.trim()) ? Date.parse(value.trim()) : Number.NaN;
  if (!Number.isFinite(ms)) throw new UsageError(`--from must be an ISO time with its offset, such as 2026-12-01T00:00:00+01:00, got "${value}"`);
  return ms;
};

/** runner/site's buildSite, loaded only when the schedule rebuilds the site (Astro is not loaded otherwise). */
const loadBuildSite = async (): Promise<(options: { postmortemsDir: string; outDir: string }) => Promise<unknown>> => {
  const { buildSite } = await import('../../site/index.ts');
  return (options) => buildSite(options);
};
