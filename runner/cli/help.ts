import type { AnyCommand, OptionSpecs } from './command.ts';

/** Help texts, built from the command table so they cannot drift from what is parsed. */

export const globalHelp = (commands: readonly AnyCommand[], version: string): string =>
  [
    `gameday ${version}: chaos game days and blameless postmortems`,
    '',
    'Usage: gameday <command> [options]',
    '',
    'Commands:',
    ...table(commands.filter((command) => command.hidden !== true).map((command) => [command.name, command.summary])),
    '',
    'Options:',
    ...table([
      ['-h, --help', 'Show this help; gameday <command> --help shows a command'],
      ['-V, --version', 'Print the version of gameday'],
    ]),
    '',
  ].join('\n');

export const commandHelp = (command: AnyCommand): string =>
  [
    `Usage: gameday ${command.name} ${command.usage}`,
    '',
    command.summary,
    ...(command.description === undefined ? [] : ['', command.description]),
    '',
    'Options:',
    ...table([
      ...optionRows(command.options),
      ['-h, --help', 'Show this help'],
    ]),
    '',
  ].join('\n');

const optionRows = (options: OptionSpecs): [string, string][] =>
  Object.entries(options).map(([name, spec]) => {
    const flag = spec.short === undefined ? `--${name}` : `-${spec.short}, --${name}`;
    const value = spec.type === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : '';
    return [`${flag}${value}`, spec.description];
  });

const table = (rows: readonly (readonly [string, string])[]): string[] => {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
};
