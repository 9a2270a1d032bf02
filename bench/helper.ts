import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isRecord, type RequestMessage } from './ipc.ts';

/** The repository root: helpers run from it so `--import tsx` resolves. */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** How long a helper may take to start and announce itself, ms. */
const START_TIMEOUT_MS = 20_000;
/** How long a request may take, ms (a memory reading runs a full GC). */
const REQUEST_TIMEOUT_MS = 15_000;
/** After SIGTERM, how long before SIGKILL, ms. */
const STOP_GRACE_MS = 5_000;

export class HelperError extends Error {
  override name = 'HelperError';
}

/**
 * A TypeScript helper process of the bench (bench/*-process.ts), run with
 * tsx. `info` is what it announced when ready; `request` asks it something.
 */
export class Helper<Info> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly exited: Promise<void>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly info: Info,
  ) {
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
    });
    child.on('message', (message: unknown) => {
      if (!isRecord(message) || message.kind !== 'reply' || typeof message.id !== 'number') return;
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (typeof message.error === 'string') waiter.reject(new HelperError(`${name}: ${message.error}`));
      else waiter.resolve(message.value);
    });
    const failAll = (error: Error): void => {
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
    };
    child.once('exit', (code, signal) => failAll(new HelperError(`${name} exited (${code ?? signal})`)));
    child.on('error', (error) => failAll(new HelperError(`${name}: ${error.message}`)));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /**
   * Starts `bench/<script>` and waits for its `ready`; `parse` checks what it
   * announced. `nodeFlags` go to node before the script (e.g. --expose-gc).
   */
  static async start<Info>(
    name: string,
    script: string,
    parse: (info: unknown) => Info,
    nodeFlags: readonly string[] = [],
  ): Promise<Helper<Info>> {
    const child = fork(fileURLToPath(new URL(script, import.meta.url)), [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx', ...nodeFlags],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      const info = await new Promise<unknown>((resolve, reject) => {
        timer = setTimeout(() => reject(new HelperError(`${name} did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
        child.once('error', reject);
        child.once('exit', (code, signal) => reject(new HelperError(`${name} exited during start (${code ?? signal})`)));
        child.on('message', (message: unknown) => {
          if (isRecord(message) && message.kind === 'ready') resolve(message.info);
        });
      }).finally(() => clearTimeout(timer));
      return new Helper(name, child, parse(info));
    } catch (error) {
      await stopChild(child);
      throw error;
    }
  }

  request(op: string): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new HelperError(`${this.name} did not answer ${op} within ${REQUEST_TIMEOUT_MS} ms`));
      }, REQUEST_TIMEOUT_MS);
      const settle = {
        resolve(value: unknown): void {
          clearTimeout(timer);
          resolve(value);
        },
        reject(error: Error): void {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.pending.set(id, settle);
      this.child.send({ kind: 'request', id, op } satisfies RequestMessage, (error) => {
        if (!error) return;
        this.pending.delete(id);
        settle.reject(new HelperError(`${this.name}: cannot send ${op}: ${error.message}`));
      });
    });
  }

  /** Asks the helper to close (SIGTERM), then kills it if it lingers; resolves when it has exited. */
  async stop(): Promise<void> {
    await stopChild(this.child, this.exited);
  }
}

async function stopChild(child: ChildProcess, exited?: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = exited ?? new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await done;
  clearTimeout(timer);
}
