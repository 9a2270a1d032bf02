import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GamedayError } from '../errors.ts';

/** `<run dir>/watchdog.log`: what the watchdog saw and did. */
export const WATCHDOG_LOG = 'watchdog.log';

const BIN = fileURLToPath(new URL('../../bin/gameday.js', import.meta.url));

export interface SpawnWatchdogOptions {
  runDir: string;
  /** The runner's pid (default: this process). */
  pid?: number;
}

/**
 * Starts `gameday watchdog --run-dir DIR --pid PID` as a detached process in
 * its own process group (so Ctrl-C to the runner's terminal does not reach
 * it, and kill -9 of the runner does not take it along), writing to
 * `<runDir>/watchdog.log`, and lets go of it (unref). Returns at once; the
 * watchdog needs about a second to load, and a runner that dies meanwhile is
 * found dead at its first look.
 */
export const spawnWatchdog = (options: SpawnWatchdogOptions): { pid: number } => {
  const runDir = resolve(options.runDir);
  const log = openSync(join(runDir, WATCHDOG_LOG), 'a');
  try {
    const child = spawn(
      process.execPath,
      [BIN, 'watchdog', '--run-dir', runDir, '--pid', String(options.pid ?? process.pid)],
      { detached: true, stdio: ['ignore', log, log], env: process.env },
    );
    child.on('error', () => {
      // Reported below by the missing pid; an 'error' event must not crash the runner.
    });
    child.unref();
    if (child.pid === undefined) throw new GamedayError(`could not start the watchdog (${process.execPath} ${BIN})`);
    return { pid: child.pid };
  } finally {
    closeSync(log);
  }
};
