/**
 * The shape of one `gameday` command. A command declares its options for
 * parsing and help, turns the parsed strings into typed options (throwing
 * UsageError for a bad value), and runs. It never exits the process and never
 * prints errors: it returns an exit code (or nothing for 0) and throws
 * GamedayError for expected failures; runner/cli/main.ts does the rest.
 */

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Placeholder for the value in help: `PORT`. String options only. */
  valueName?: string;
  /** One line for help; say the unit and the default. */
  description: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** The command line after parsing: string options as given, booleans as true when present. */
export interface ParsedArgs {
  values: Readonly<Record<string, string | boolean | undefined>>;
  positionals: readonly string[];
}

export interface Output {
  write(text: string): void;
}

/** What a command may touch of the outside world; tests pass their own. */
export interface CommandContext {
  stdout: Output;
  stderr: Output;
  env: Readonly<Record<string, string | undefined>>;
  /** The directory relative paths on the command line are resolved against. */
  cwd: string;
  /**
   * Resolves, with the signal's name, when the user asks the process to stop
   * (SIGINT, SIGTERM). With `whileStopping`, later signals print that line
   * instead of ending the process.
   */
  stopRequested(whileStopping?: string): Promise<string>;
}

export interface Command<O = unknown> {
  /** The word after `gameday`. */
  name: string;
  /** One line for `gameday --help`. */
  summary: string;
  /** Left out of `gameday --help` (commands gameday starts itself); `gameday <name> --help` still works. */
  hidden?: boolean;
  /** Usage line after `gameday <name>`: `[options]`, `<run-id> [options]`. */
  usage: string;
  /** Paragraphs for `gameday <name> --help`. */
  description?: string;
  options: OptionSpecs;
  /** Most commands take none; those that do name them here, for help and for the error on extras. */
  positionals?: { min: number; max: number };
  /** Turns the parsed command line into typed options; throws UsageError naming the option. */
  parse(args: ParsedArgs): O;
  run(options: O, context: CommandContext): Promise<number | void>;
}

/** Keeps the option type of one command while the table holds commands of every option type. */
export const defineCommand = <O>(command: Command<O>): Command<O> => command;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = Command<any>;
