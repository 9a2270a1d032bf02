/**
 * Runs a monitoring binary (Debian's `prometheus`, `prometheus-alertmanager`)
 * as a child process on a free 127.0.0.1 port, waits for its `/-/ready`, and
 * stops it. Nothing here knows Prometheus or Alertmanager; their files say
 * which flags to pass.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { httpGet } from './http.ts';
import { freePort } from '../helpers/net.ts';
export { freePort };

/** `.ci/run` installs both (Debian bookworm: prometheus 2.42, alertmanager 0.25). */
export const INSTALL_HINT = 'apt-get install --no-install-recommends prometheus prometheus-alertmanager (.ci/run does this)';

/** The binary is not on PATH. */
export class MissingBinaryError extends Error {
  constructor(readonly binary: string) {
    super(`${binary} is not installed (not on PATH); install it with: ${INSTALL_HINT}`);
    this.name = 'MissingBinaryError';
  }
}

/** The binary exited, or was not ready in time; `logs` is the tail of what it printed. */
export class DaemonStartError extends Error {
  constructor(
    readonly binary: string,
    reason: string,
    readonly logs: string,
  ) {
    super(`${binary} did not start: ${reason}\n--- its output (tail) ---\n${logs}`);
    this.name = 'DaemonStartError';
  }
}

export interface DaemonSpec {
  binary: string;
  /** The whole command line after the binary, for this port on 127.0.0.1. */
  args(port: number): string[];
  /** How long to wait for `/-/ready` to answer 200, ms (default 15 000). */
  readyTimeoutMs?: number;
}

export interface Daemon {
  readonly binary: string;
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The last 64 KB it wrote to stdout and stderr, for failure messages. */
  logs(): string;
  /** SIGTERM, then SIGKILL if it has not exited within 5 s. Safe to call twice. */
  close(): Promise<void>;
}

/** Bytes of output kept per daemon. */
const LOG_TAIL_BYTES = 64 * 1024;
/** Attempts with a new port when the one picked was taken between picking and binding. */
const PORT_ATTEMPTS = 3;
const STOP_GRACE_MS = 5_000;

/** Daemons still running; killed if the test process exits without closing them. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startDaemon(spec: DaemonSpec): Promise<Daemon> {
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    try {
      return await startOnce(spec, port);
    } catch (error) {
      const portTaken = error instanceof DaemonStartError && /address already in use/i.test(error.logs);
      if (!portTaken || attempt >= PORT_ATTEMPTS) throw error;
    }
  }
}

async function startOnce(spec: DaemonSpec, port: number): Promise<Daemon> {
  const child = spawn(spec.binary, spec.args(port), { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: string): void => {
    output = (output + chunk).slice(-LOG_TAIL_BYTES);
  };
  child.stdout?.setEncoding('utf8').on('data', keep);
  child.stderr?.setEncoding('utf8').on('data', keep);
  const exited = new Promise<string>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ENOENT' ? 'ENOENT' : String(error)));
    child.once('exit', (code, signal) => resolve(`it exited (${signal ?? `code ${code}`})`));
  });
  running.add(child);
  const url = `http://127.0.0.1:${port}`;
  const daemon: Daemon = { binary: spec.binary, port, url, logs: () => output, close: stopper(child) };

  const outcome = await Promise.race([exited, untilReady(url, spec.readyTimeoutMs ?? 15_000)]);
  if (outcome === 'ready') return daemon;
  await daemon.close();
  if (outcome === 'ENOENT') throw new MissingBinaryError(spec.binary);
  throw new DaemonStartError(spec.binary, outcome, output);
}

/** Resolves 'ready' once GET /-/ready answers 200, or a reason once `timeoutMs` has passed. */
async function untilReady(url: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const answer = await httpGet(`${url}/-/ready`, 1_000).catch(() => undefined);
    if (answer?.status === 200) return 'ready';
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return `${url}/-/ready did not answer 200 within ${timeoutMs} ms`;
}

function stopper(child: ChildProcess): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        const ended = once(child, 'exit');
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await ended;
        clearTimeout(timer);
      }
      running.delete(child);
    })());
}

