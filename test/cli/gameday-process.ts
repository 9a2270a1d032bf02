import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The real `gameday` binary, run as a user runs it: `node bin/gameday.js …`. */
export const BIN = fileURLToPath(new URL('../../bin/gameday.js', import.meta.url));
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface GamedayProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout line matching `pattern`; rejects if the process ends first or after `ms`. */
  waitForLine(pattern: RegExp, ms?: number): Promise<RegExpExecArray>;
  /** Resolves when the process has ended. */
  finished: Promise<Finished>;
  /** Kills the process if it still runs (for afterEach). */
  kill(): void;
}

export const startGameday = (
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): GamedayProcess => {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: options.env ?? { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const finished = new Promise<Finished>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  const waitForLine = (pattern: RegExp, ms = 15_000): Promise<RegExpExecArray> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const match = pattern.exec(stdout);
        if (match === null) return;
        done();
        resolve(match);
      };
      const onEnd = (): void => {
        done();
        reject(new Error(`gameday ended before printing ${pattern}\nstdout: ${stdout}\nstderr: ${stderr}`));
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`gameday printed no ${pattern} within ${ms} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
      }, ms);
      const done = (): void => {
        clearTimeout(timer);
        child.stdout?.off('data', check);
        child.off('close', onEnd);
      };
      child.stdout?.on('data', check);
      child.once('close', onEnd);
      check();
    });
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    waitForLine,
    finished,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
};

/** Runs `gameday args` to its end. */
export const runGameday = (args: readonly string[], options: { cwd?: string } = {}): Promise<Finished> =>
  startGameday(args, options).finished;
