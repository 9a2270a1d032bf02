import { inspect } from 'node:util';
import { ExitCode, isGamedayError } from '../errors.ts';
import type { PackageInfo } from './package-info.ts';

/**
 * Turns an error that reached the CLI entry into what is printed to stderr
 * and the exit code. Expected failures (GamedayError) are one line; anything
 * else is a bug: its stack, and where to report it.
 */
export const report = (error: unknown, info: PackageInfo): { text: string; exitCode: number } => {
  if (isGamedayError(error)) {
    return { text: `gameday: ${oneLine(error.message)}\n`, exitCode: error.exitCode };
  }
  const where = info.bugsUrl === undefined ? "at the project's issue tracker" : `at ${info.bugsUrl}`;
  const stack = error instanceof Error && error.stack !== undefined ? error.stack : inspect(error);
  return {
    text:
      `${stack}\n\n` +
      `gameday: unexpected error: this is a bug in gameday ${info.version} (Node ${process.version}).\n` +
      `Please report it ${where}, with the command you ran and the text above.\n`,
    exitCode: ExitCode.software,
  };
};

const oneLine = (message: string): string => message.replace(/\s*\n\s*/g, ' ').trim();
