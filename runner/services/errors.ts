import { GamedayError, InputError, UnavailableError } from '../errors.ts';

/**
 * Why a service could not be brought up for the run. Each message names the
 * service, says what happened and what to look at; the log tail (the last
 * lines the command wrote) is appended so the cause is on screen at once.
 */
export class ServiceStartError extends UnavailableError {
  constructor(
    readonly service: string,
    message: string,
    /** Last lines of `<runDir>/services/<name>.log`; empty when nothing was written or nothing was started. */
    readonly logTail: string = '',
    options: { cause?: unknown } = {},
  ) {
    super(withTail(message, logTail), options);
    this.name = 'ServiceStartError';
  }
}

/** How a process ended: exactly one of `code` and `signal` is set (Node's `exit` event). */
export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The start command ended before the service was healthy. */
export class ServiceExitedError extends ServiceStartError {
  constructor(service: string, readonly exit: ExitInfo, logPath: string, logTail: string) {
    super(
      service,
      `service ${service}: its start command ${describeExit(exit)} before it was healthy ` +
        `(check services[].start.command, and its log ${logPath})`,
      logTail,
    );
    this.name = 'ServiceExitedError';
  }
}

/** The health check did not pass in time: within `start.ready_timeout`, or at once for a service gameday does not start. */
export class ServiceNotHealthyError extends ServiceStartError {
  constructor(
    service: string,
    /** What the last check saw, e.g. `GET http://…/health: connect ECONNREFUSED 127.0.0.1:8080`. */
    readonly lastError: string,
    detail: { started: false } | { started: true; readyTimeoutMs: number; logPath: string; logTail: string },
  ) {
    super(
      service,
      detail.started
        ? `service ${service} was not healthy within ${detail.readyTimeoutMs} ms of starting; last check: ${lastError} ` +
            `(check services[].health.url, or raise services[].start.ready_timeout; its log is ${detail.logPath})`
        : `service ${service} is not healthy: ${lastError} ` +
            `(gameday does not start it, as it has no services[].start: start it first, or check services[].health.url)`,
      detail.started ? detail.logTail : '',
    );
    this.name = 'ServiceNotHealthyError';
  }
}

/** A `start` the experiment gives cannot work as written (e.g. its `cwd` does not exist). */
export class ServiceConfigError extends InputError {
  constructor(readonly service: string, message: string) {
    super(`service ${service}: ${message}`);
    this.name = 'ServiceConfigError';
  }
}

/** The run's signal was aborted while services were starting; those already started were stopped. */
export class ServicesAbortedError extends GamedayError {
  constructor(readonly service: string) {
    super(`starting services was aborted while waiting for ${service}; the services started so far were stopped`);
    this.name = 'ServicesAbortedError';
  }
}

export const describeExit = (exit: ExitInfo): string =>
  exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${exit.code ?? 'unknown'}`;

const withTail = (message: string, tail: string): string =>
  tail.trim() === '' ? message : `${message}\n--- last lines of its log ---\n${tail.trimEnd()}`;
