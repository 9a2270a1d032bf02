import { ExitCode, GamedayError, UnavailableError } from '../errors.ts';

/** A request the control API refuses; `status` is the HTTP status it answers with. */
export class ControlHttpError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'ControlHttpError';
    this.status = status;
  }
}

/** No run to talk to: none under the runs directory is still going. */
export class NoActiveRunError extends GamedayError {
  constructor(message: string) {
    super(message, { exitCode: ExitCode.noInput });
    this.name = 'NoActiveRunError';
  }
}

/** The run's control API cannot be reached: no control.json, refused, no answer. */
export class ControlUnavailableError extends UnavailableError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'ControlUnavailableError';
  }
}

/**
 * The run answered with an error: the message is the run's own. Exit codes:
 * a request the run found malformed is a usage error; an unknown incident or
 * one in the wrong state is a plain failure.
 */
export class ControlRequestError extends GamedayError {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message, { exitCode: status === 400 ? ExitCode.usage : status >= 500 ? ExitCode.unavailable : ExitCode.failure });
    this.name = 'ControlRequestError';
    this.status = status;
  }
}
