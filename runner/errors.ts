/**
 * Expected failures: things a user can cause and fix (a wrong option, a
 * missing file, a server that is not running). Each carries the exit code the
 * CLI ends with; the message is shown as one line, `gameday: <message>`, so it
 * says what happened and what to do. Anything that is not a GamedayError is a
 * bug and is reported with its stack (see runner/cli/report.ts).
 *
 * Exit codes follow BSD sysexits where one fits, so scripts can tell a bad
 * command line from a server that is down.
 */
export const ExitCode = {
  ok: 0,
  /** A failure with no more specific code. */
  failure: 1,
  /** The command line is wrong: unknown command or option, a bad option value. */
  usage: 2,
  /** A file or value the user gave has the wrong content (EX_DATAERR). */
  dataError: 65,
  /** A file the user named cannot be read (EX_NOINPUT). */
  noInput: 66,
  /** A service gameday needs is unreachable or did not answer (EX_UNAVAILABLE). */
  unavailable: 69,
  /** A bug in gameday (EX_SOFTWARE). */
  software: 70,
  /** The environment's configuration is wrong, e.g. TOXIPROXY_URL (EX_CONFIG). */
  config: 78,
} as const;

export class GamedayError extends Error {
  readonly exitCode: number;

  constructor(message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GamedayError';
    this.exitCode = options.exitCode ?? ExitCode.failure;
  }
}

/** The command line is wrong; the message names the command or option and what is allowed. */
export class UsageError extends GamedayError {
  constructor(message: string) {
    super(message, { exitCode: ExitCode.usage });
    this.name = 'UsageError';
  }
}

/** A file or value the user gave is invalid; the message names the file or value. */
export class InputError extends GamedayError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, exitCode: ExitCode.dataError });
    this.name = 'InputError';
  }
}

/** A file the user named does not exist or cannot be read; the message names the file. */
export class MissingInputError extends GamedayError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, exitCode: ExitCode.noInput });
    this.name = 'MissingInputError';
  }
}

/** A server or port gameday needs is unavailable: unreachable, not answering, already taken. */
export class UnavailableError extends GamedayError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, exitCode: ExitCode.unavailable });
    this.name = 'UnavailableError';
  }
}

/** A setting from the environment is invalid; the message names the variable. */
export class ConfigError extends GamedayError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, exitCode: ExitCode.config });
    this.name = 'ConfigError';
  }
}

export const isGamedayError = (error: unknown): error is GamedayError => error instanceof GamedayError;
