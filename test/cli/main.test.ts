import { describe, expect, it } from 'vitest';
import { defineCommand, type AnyCommand, type CommandContext } from '../../runner/cli/command.ts';
import { commands } from '../../runner/cli/commands/index.ts';
import { main } from '../../runner/cli/main.ts';
import { GamedayError, InputError, UsageError } from '../../runner/errors.ts';

// The entry point in process, with a command table made for the test.

const capture = (): { context: Partial<CommandContext>; out: () => string; err: () => string } => {
  let out = '';
  let err = '';
  return {
    context: {
      stdout: { write: (text) => void (out += text) },
      stderr: { write: (text) => void (err += text) },
      stopRequested: () => new Promise(() => {}),
    },
    out: () => out,
    err: () => err,
  };
};

interface EchoOptions {
  times: number;
  loud: boolean;
}

const seen: EchoOptions[] = [];
const echo = defineCommand<EchoOptions>({
  name: 'echo',
  summary: 'Say it again',
  usage: '<word>',
  options: {
    times: { type: 'string', valueName: 'N', description: 'How many times' },
    loud: { type: 'boolean', short: 'l', description: 'Shout' },
  },
  positionals: { min: 1, max: 1 },
  parse: ({ values, positionals }) => {
    if (positionals[0] === 'bad') throw new UsageError('cannot echo "bad"');
    return { times: Number(values.times ?? 1), loud: values.loud === true };
  },
  async run(options, context) {
    seen.push(options);
    context.stdout.write('said\n');
    return options.times === 3 ? 3 : undefined;
  },
});
const failing = (error: unknown): AnyCommand =>
  defineCommand<null>({
    name: 'fail',
    summary: 'Fails',
    usage: '',
    options: {},
    parse: () => null,
    run: async () => {
      throw error;
    },
  });

const run = async (argv: string[], table: AnyCommand[] = [echo]) => {
  const io = capture();
  const code = await main(argv, { context: io.context, commands: table });
  return { code, stdout: io.out(), stderr: io.err() };
};

describe('main', () => {
  it('has one table of commands with unique names, toxiproxy among them', () => {
    const names = commands.map((command) => command.name);
    expect(names).toContain('toxiproxy');
    expect(new Set(names).size).toBe(names.length);
  });

  it('parses typed options, runs the command and returns its exit code', async () => {
    seen.length = 0;
    expect(await run(['echo', 'hi', '--times', '3', '-l'])).toEqual({ code: 3, stdout: 'said\n', stderr: '' });
    expect(seen).toEqual([{ times: 3, loud: true }]);
    expect((await run(['echo', 'hi'])).code).toBe(0);
  });

  it('accepts Go-style single-dash long options, as toxiproxy-server does', async () => {
    seen.length = 0;
    await run(['echo', 'hi', '-times', '2']);
    await run(['echo', 'hi', '-times=4']);
    expect(seen.map((options) => options.times)).toEqual([2, 4]);
  });

  it('shows a command help from its table entry without running it', async () => {
    seen.length = 0;
    const result = await run(['echo', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: gameday echo <word>');
    expect(result.stdout).toMatch(/--times N +How many times/);
    expect(result.stdout).toMatch(/-l, --loud +Shout/);
    expect(seen).toEqual([]);
  });

  it('prints the global help to stderr with exit 2 when no command is given', async () => {
    const result = await run([]);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain('Usage: gameday <command> [options]');
  });

  it.each([
    [['nope'], 'gameday: unknown command "nope"; expected one of: echo (see gameday --help)'],
    [['--nope'], 'gameday: unknown option --nope; expected a command (echo), --help or --version'],
    [['echo', 'x', '-z'], 'gameday: unknown option -z for gameday echo; expected one of: --times, --loud, --help'],
    [['echo', 'x', '--times'], 'gameday: option --times of gameday echo needs a value: --times N'],
    [
      ['echo', 'x', '--times', '--loud'],
      'gameday: option --times of gameday echo needs a value: --times N (for a value starting with "-", write --times=--loud)',
    ],
    [['echo', 'x', '--loud=yes'], 'gameday: option --loud of gameday echo takes no value (got "yes")'],
    [['echo', 'x', 'y'], 'gameday: unexpected argument "y" for gameday echo, which takes at most 1'],
    [['echo'], 'gameday: missing argument for gameday echo; usage: gameday echo <word>'],
    [['echo', 'bad'], 'gameday: cannot echo "bad"'],
  ])('rejects %j with one line and exit 2', async (argv, line) => {
    expect(await run(argv)).toEqual({ code: 2, stdout: '', stderr: `${line}\n` });
  });

  it('prints an expected failure as one line with its exit code', async () => {
    const result = await run(['fail'], [failing(new InputError('experiment x.yaml has\nno services'))]);
    expect(result).toEqual({ code: 65, stdout: '', stderr: 'gameday: experiment x.yaml has no services\n' });
    const plain = await run(['fail'], [failing(new GamedayError('it did not work'))]);
    expect(plain.code).toBe(1);
  });

  it('prints an unexpected failure with its stack and a request to report it, exit 70', async () => {
    const result = await run(['fail'], [failing(new TypeError('undefined is not a function'))]);
    expect(result.code).toBe(70);
    expect(result.stderr).toMatch(/^TypeError: undefined is not a function\n {4}at /);
    expect(result.stderr).toContain('gameday: unexpected error: this is a bug in gameday');
    expect(result.stderr).toMatch(/Please report it .*, with the command you ran and the text above\.\n$/);
  });

  it('reports a thrown non-Error value as a bug too', async () => {
    const result = await run(['fail'], [failing({ odd: true })]);
    expect(result.code).toBe(70);
    expect(result.stderr).toContain('{ odd: true }');
  });
});
