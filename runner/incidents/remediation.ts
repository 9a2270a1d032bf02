import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatDuration } from '../experiment/index.ts';
import type { NewEvent } from '../journal/index.ts';
import type { RemediationRequest } from './types.ts';

/** How much of the command's output (stdout and stderr together) the journal keeps: the end of it, in characters. */
const OUTPUT_KEPT = 400;
/** After SIGTERM, how long the command's process group has before SIGKILL, ms. */
const DEFAULT_GRACE_MS = 2_000;
/** After the command exits, how long to wait for the rest of its output, ms. */
const DRAIN_MS = 200;

export interface RemediationOptions {
  /** The experiment file's directory: the request's cwd is relative to it. */
  experimentDir: string;
  /** The command's whole environment; default this process's. */
  env?: NodeJS.ProcessEnv;
  /** Stops the command (as a timeout does) when aborted, e.g. when the run is stopped. */
  signal?: AbortSignal;
  graceMs?: number;
}

/**
 * Runs the automated responder's remediation command with /bin/sh -c in its
 * own process group, stopped with SIGTERM (then SIGKILL after a grace
 * period) when it outlives its timeout. Never rejects: the outcome, whatever
 * it is, comes back as the `remediation.ran` event to journal; ok only when
 * it exited 0 by itself.
 */
export const runRemediation = (request: RemediationRequest, options: RemediationOptions): Promise<NewEvent> => {
  const cwd = resolve(options.experimentDir, request.cwd ?? '.');
  const ran = (ok: boolean, detail: string): NewEvent => ({
    source: 'responder',
    type: 'remediation.ran',
    incident: request.incident,
    command: request.command,
    ok,
    detail,
  });
  if (!existsSync(cwd)) return Promise.resolve(ran(false, `did not start: its directory ${cwd} does not exist (responder.remediation.cwd)`));
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn('/bin/sh', ['-c', request.command], {
      cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEPT);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let stoppedBecause: string | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    const stop = (why: string): void => {
      if (stoppedBecause !== undefined || child.pid === undefined) return;
      stoppedBecause = why;
      signalGroup(child.pid, 'SIGTERM');
      const pid = child.pid;
      killTimer = setTimeout(() => signalGroup(pid, 'SIGKILL'), options.graceMs ?? DEFAULT_GRACE_MS);
    };
    const timer = setTimeout(() => stop(`stopped after its ${formatDuration(request.timeoutMs)} timeout`), request.timeoutMs);
    const onAbort = (): void => stop('stopped because the run is stopping');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted === true) onAbort();
    let finished = false;
    const finish = (ok: boolean, what: string): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      const took = formatDuration(Math.round(performance.now() - started));
      const tail = output.trim();
      done(ran(ok, `${what} after ${took}${tail === '' ? '' : `; output: ${tail}`}`));
    };
    child.once('error', (error) => finish(false, `did not start: ${error.message}`));
    child.once('exit', (code, signal) => {
      const outcome = (): void => {
        if (stoppedBecause !== undefined) finish(false, `${stoppedBecause} (${signal ?? `exit code ${code}`})`);
        else if (code === 0) finish(true, 'exited with code 0');
        else finish(false, signal === null ? `exited with code ${code}` : `ended by ${signal}`);
      };
      // Output still in the pipes arrives before 'close'; but a process the command left running in the
      // background (a restarted service) may hold them open for ever, so wait only briefly.
      const drained = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        outcome();
      }, DRAIN_MS);
      child.once('close', () => {
        clearTimeout(drained);
        outcome();
      });
    });
  });
};

const signalGroup = (pgid: number, signal: NodeJS.Signals): void => {
  try {
    process.kill(-pgid, signal);
  } catch {
    // The group is already gone.
  }
};
