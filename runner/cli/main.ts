import { UsageError } from '../errors.ts';
import { parseCommandArgs } from './args.ts';
import type { AnyCommand, CommandContext } from './command.ts';
import { commands as allCommands } from './commands/index.ts';
import { commandHelp, globalHelp } from './help.ts';
import { readPackageInfo, type PackageInfo } from './package-info.ts';
import { processContext } from './process-context.ts';
import { report } from './report.ts';

export interface MainOptions {
  /** Replaces parts of the real process (streams, env, signals); for tests. */
  context?: Partial<CommandContext>;
  /** Replaces the command table; for tests. */
  commands?: readonly AnyCommand[];
}

/**
 * The `gameday` entry: runs the command named in `argv` (the arguments after
 * `gameday`) and resolves with the exit code. The only place that turns errors
 * into output; it never exits the process itself (bin/gameday.js does).
 */
export const main = async (argv: readonly string[], options: MainOptions = {}): Promise<number> => {
  const context: CommandContext = { ...processContext(), ...options.context };
  const info = readPackageInfo();
  try {
    return await dispatch(argv, options.commands ?? allCommands, context, info);
  } catch (error) {
    const { text, exitCode } = report(error, info);
    context.stderr.write(text);
    return exitCode;
  }
};

const dispatch = async (
  argv: readonly string[],
  commands: readonly AnyCommand[],
  context: CommandContext,
  info: PackageInfo,
): Promise<number> => {
  const [first, ...rest] = argv;
  const names = commands.map((command) => command.name).join(', ');
  if (first === undefined) {
    context.stderr.write(globalHelp(commands, info.version));
    return 2;
  }
  if (first === '--help' || first === '-h') {
    context.stdout.write(globalHelp(commands, info.version));
    return 0;
  }
  if (first === '--version' || first === '-V') {
    context.stdout.write(`${info.version}\n`);
    return 0;
  }
  if (first.startsWith('-')) {
    throw new UsageError(`unknown option ${first}; expected a command (${names}), --help or --version`);
  }
  const command = commands.find((candidate) => candidate.name === first);
  if (command === undefined) {
    throw new UsageError(`unknown command "${first}"; expected one of: ${names} (see gameday --help)`);
  }
  const parsed = parseCommandArgs(command, rest);
  if (parsed.help) {
    context.stdout.write(commandHelp(command));
    return 0;
  }
  const result = await command.run(command.parse(parsed), context);
  return result ?? 0;
};
