import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { GamedayError, InputError, MissingInputError, UnavailableError } from '../../errors.ts';
import { defineCommand } from '../command.ts';
import { hostOption, integerOption, portOption } from '../values.ts';

export interface ToxiproxyOptions {
  host: string;
  port: number;
  /** A JSON file in /populate form, as written on the command line. */
  config?: string;
  seed?: number;
  proxyMetrics: boolean;
  runtimeMetrics: boolean;
}

export const toxiproxy = defineCommand<ToxiproxyOptions>({
  name: 'toxiproxy',
  summary: 'Run the embedded Toxiproxy-compatible server until stopped',
  usage: '[options]',
  description:
    'Serves the Toxiproxy 2.x HTTP API, so curl, toxiproxy-node-client and other Toxiproxy clients can drive it.\n' +
    'Prints one line with the API URL, then runs until SIGINT (Ctrl-C) or SIGTERM.',
  options: {
    host: { type: 'string', valueName: 'HOST', description: 'Address the API listens on (default 127.0.0.1)' },
    port: { type: 'string', valueName: 'PORT', description: 'Port of the API; 0 picks a free one (default 8474)' },
    config: {
      type: 'string',
      valueName: 'FILE',
      description: 'JSON array of proxies to create at start, in /populate form',
    },
    seed: { type: 'string', valueName: 'N', description: 'Seed for toxicity draws and jitter, for repeatable runs' },
    'proxy-metrics': { type: 'boolean', description: 'Serve per-proxy byte counters on /metrics' },
    'runtime-metrics': { type: 'boolean', description: 'Serve process metrics on /metrics' },
  },
  parse: ({ values }) => ({
    host: typeof values.host === 'string' ? hostOption('--host', values.host) : '127.0.0.1',
    port: typeof values.port === 'string' ? portOption('--port', values.port) : 8474,
    config: typeof values.config === 'string' ? values.config : undefined,
    seed: typeof values.seed === 'string' ? integerOption('--seed', values.seed) : undefined,
    proxyMetrics: values['proxy-metrics'] === true,
    runtimeMetrics: values['runtime-metrics'] === true,
  }),
  async run(options, context) {
    // Listen for the stop signals first, so one sent during start-up is not lost.
    const stop = context.stopRequested();
    const config = options.config === undefined ? undefined : await readConfig(context.cwd, options.config);
    const { startToxiproxyServer } = await import('../../toxiproxy/index.ts');
    let server;
    try {
      server = await startToxiproxyServer({
        host: options.host,
        port: options.port,
        config,
        seed: options.seed,
        proxyMetrics: options.proxyMetrics,
        runtimeMetrics: options.runtimeMetrics,
      });
    } catch (error) {
      throw explainStartFailure(error, options);
    }
    context.stdout.write(`Toxiproxy API listening on ${server.url}\n`);
    await stop;
    await server.close();
    return 0;
  },
});

/** Reads the --config file: it must exist and hold a JSON array (the /populate body). */
const readConfig = async (cwd: string, file: string): Promise<unknown[]> => {
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(error);
    throw new MissingInputError(`cannot read config file ${file}: ${why}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new InputError(`config file ${file} is not valid JSON: ${why}`, { cause: error });
  }
  if (!Array.isArray(json)) {
    throw new InputError(
      `config file ${file} must hold a JSON array of proxies ({"name", "listen", "upstream", "enabled"}), as sent to /populate`,
    );
  }
  return json;
};

const listenErrors: Record<string, string> = {
  EADDRINUSE: 'address already in use (choose another --port, or stop what uses it)',
  EACCES: 'permission denied (ports below 1024 need privileges; choose another --port)',
  EADDRNOTAVAIL: 'this machine has no such address (check --host)',
  ENOTFOUND: 'unknown host (check --host)',
  EAI_AGAIN: 'the host name could not be resolved (check --host)',
};

/** Start-up failures the user can fix become GamedayErrors; anything else stays a bug. */
const explainStartFailure = (error: unknown, options: ToxiproxyOptions): unknown => {
  if (error instanceof GamedayError) return error;
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && listenErrors[code] !== undefined) {
    return new UnavailableError(`cannot listen on ${options.host}:${options.port}: ${listenErrors[code]}`, {
      cause: error,
    });
  }
  return error;
};
