import { GamedayError, ExitCode } from '../errors.ts';

/** The run's runner is alive and well: it rolls back by itself, and recovering under it would fight it. */
export class RunInProgressError extends GamedayError {
  constructor(
    readonly runDir: string,
    readonly pid: number,
  ) {
    super(
      `the run in ${runDir} is still in progress (runner pid ${pid} is alive and its heartbeat is fresh); ` +
        `stop it with Ctrl-C or kill ${pid} and it rolls back by itself, or use --force to clean up under it`,
      { exitCode: ExitCode.failure },
    );
    this.name = 'RunInProgressError';
  }
}
