import { parseArgs } from 'node:util';
import { UsageError } from '../errors.ts';
import type { Command, OptionSpecs, ParsedArgs } from './command.ts';

/**
 * Parses one command's arguments with node:util parseArgs, reporting the
 * first problem as a UsageError that names the option and the allowed ones.
 * `--help`/`-h` is understood by every command.
 *
 * Go-style single-dash long options (`-port 8474`), as toxiproxy-server takes
 * them, are read as `--port 8474` when the word is exactly a long option name.
 */
export const parseCommandArgs = (
  command: Pick<Command, 'name' | 'usage' | 'options' | 'positionals'>,
  argv: readonly string[],
): ParsedArgs & { help: boolean } => {
  const commandLabel = `gameday ${command.name}`;
  const positionals = command.positionals ?? { min: 0, max: 0 };
  const options: OptionSpecs = { ...command.options, help: { type: 'boolean', short: 'h', description: 'Show this help' } };
  const args = argv.map((arg) => goStyle(arg, options));
  const { values, tokens } = parseArgs({
    args,
    options: Object.fromEntries(
      Object.entries(options).map(([name, spec]) => [
        name,
        spec.short === undefined ? { type: spec.type } : { type: spec.type, short: spec.short },
      ]),
    ),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const allowed = Object.keys(options)
    .map((name) => `--${name}`)
    .join(', ');
  const found: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      found.push(token.value);
      continue;
    }
    const spec = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (spec === undefined) {
      throw new UsageError(`unknown option ${token.rawName} for ${commandLabel}; expected one of: ${allowed}`);
    }
    if (spec.type === 'boolean' && token.inlineValue === true) {
      throw new UsageError(`option ${token.rawName} of ${commandLabel} takes no value (got "${token.value}")`);
    }
    if (spec.type === 'string') {
      const value = token.value;
      const looksLikeOption = token.inlineValue === false && value !== undefined && value.startsWith('-');
      if (value === undefined || looksLikeOption) {
        throw new UsageError(
          `option ${token.rawName} of ${commandLabel} needs a value: ${token.rawName} ${spec.valueName ?? 'VALUE'}` +
            (looksLikeOption ? ` (for a value starting with "-", write ${token.rawName}=${value})` : ''),
        );
      }
    }
  }
  const help = values.help === true;
  if (!help && found.length > positionals.max) {
    const extra = found[positionals.max];
    throw new UsageError(
      positionals.max === 0
        ? `unexpected argument "${extra}" for ${commandLabel}, which takes none`
        : `unexpected argument "${extra}" for ${commandLabel}, which takes at most ${positionals.max}`,
    );
  }
  if (!help && found.length < positionals.min) {
    throw new UsageError(`missing argument for ${commandLabel}; usage: ${commandLabel} ${command.usage}`);
  }
  return { values, positionals: found, help };
};

const goStyle = (arg: string, options: OptionSpecs): string => {
  const match = /^-([a-z][a-z-]+)(=.*)?$/.exec(arg);
  if (match === null || !Object.hasOwn(options, match[1] ?? '')) return arg;
  return `-${arg}`;
};
