import { resolve } from 'node:path';
import { ExitCode, UsageError } from '../../errors.ts';
import { defineCommand } from '../command.ts';
import { integerOption } from '../values.ts';

export interface WatchdogOptions {
  runDir: string;
  pid: number;
}

/** Internal: started by `gameday run` (runner/watchdog spawnWatchdog), not by people. */
export const watchdog = defineCommand<WatchdogOptions>({
  name: 'watchdog',
  summary: 'Clean up after a run whose runner dies (started by gameday run)',
  hidden: true,
  usage: '--run-dir DIR --pid PID',
  description:
    'Internal: gameday run starts it, detached, for each run. Every second it checks that the runner process\n' +
    'PID is alive and that DIR/heartbeat is fresh (under 5 s). When the runner is gone or silent and the journal\n' +
    'has no run.ended, it does what gameday recover DIR does (removes the run\'s toxics, proxies and service\n' +
    'processes) and exits; when the run ended by itself, it exits quietly. SIGTERM stops it without recovering.\n' +
    `Exit status: ${ExitCode.ok}; ${ExitCode.unavailable} when something could not be removed; ${ExitCode.failure} when recovery failed.`,
  options: {
    'run-dir': { type: 'string', valueName: 'DIR', description: 'The run directory (holding journal.jsonl and heartbeat)' },
    pid: { type: 'string', valueName: 'PID', description: 'Process id of the runner to watch' },
  },
  parse: ({ values }) => {
    if (typeof values['run-dir'] !== 'string') throw new UsageError('gameday watchdog needs --run-dir DIR');
    if (typeof values.pid !== 'string') throw new UsageError('gameday watchdog needs --pid PID');
    const pid = integerOption('--pid', values.pid);
    if (pid <= 0) throw new UsageError(`--pid must be a process id above 0, got ${values.pid}`);
    return { runDir: values['run-dir'], pid };
  },
  async run(options, context) {
    const stop = context.stopRequested();
    const { watchRunner } = await import('../../watchdog/index.ts');
    const log = (line: string): void => context.stdout.write(`${new Date().toISOString()} watchdog[${process.pid}] ${line}\n`);
    const outcome = await watchRunner({ runDir: resolve(context.cwd, options.runDir), pid: options.pid, log, stop });
    if (outcome.kind === 'failed') return ExitCode.failure;
    if (outcome.kind === 'recovered' && !outcome.report.complete) return ExitCode.unavailable;
    return ExitCode.ok;
  },
});
