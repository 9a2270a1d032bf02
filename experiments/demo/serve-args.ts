/**
 * The command line of serve.ts:
 *   serve.ts <service> [--host 127.0.0.1] [--port 0] [--dep <name>=<url>]…
 * Pure, so it is tested without a process. Whether the dependencies fit the
 * service is checked by startDemoService.
 */
import { parseArgs } from 'node:util';
import { DEMO_SERVICE_NAMES } from './names.ts';

export const SERVE_USAGE = `usage: serve.ts <service> [--host HOST] [--port PORT] [--dep NAME=URL]...
  service   one of: ${DEMO_SERVICE_NAMES.join(', ')}
  --host    interface to listen on (default 127.0.0.1)
  --port    TCP port (default 0: a free one; the JSON line printed says which)
  --dep     base URL of a dependency, repeated: --dep checkout=http://127.0.0.1:18091
Prints {"service":NAME,"url":URL} on one line once listening; stops on SIGINT or SIGTERM.
Exit codes: 0 stopped by a signal, 2 bad command line, 69 cannot listen, 70 a bug.`;

/** The command line is wrong; the message says what and how to fix it. Exit code 2. */
export class ServeUsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'ServeUsageError';
  }
}

export type ServeArgs =
  | { help: true }
  | { help: false; service: string; host: string; port: number; dependencies: Record<string, string> };

export function parseServeArgs(argv: readonly string[]): ServeArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        dep: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new ServeUsageError(`${(error as Error).message}; options are --host, --port, --dep, --help`);
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { help: true };
  if (positionals.length !== 1) {
    throw new ServeUsageError(`expected exactly one service name (${DEMO_SERVICE_NAMES.join(', ')}), got ${positionals.length}`);
  }
  const portText = values.port ?? '0';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65_535) {
    throw new ServeUsageError(`--port must be an integer from 0 to 65535, got "${portText}"`);
  }
  const dependencies: Record<string, string> = {};
  for (const dep of values.dep ?? []) {
    const equals = dep.indexOf('=');
    if (equals <= 0) throw new ServeUsageError(`--dep takes NAME=URL (e.g. checkout=http://127.0.0.1:18091), got "${dep}"`);
    const name = dep.slice(0, equals);
    if (name in dependencies) throw new ServeUsageError(`--dep ${name} given twice`);
    dependencies[name] = dep.slice(equals + 1);
  }
  return { help: false, service: positionals[0] ?? '', host: values.host ?? '127.0.0.1', port, dependencies };
}
