import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import type { ExitInfo } from './errors.ts';
import { groupAlive, signalGroup } from './group.ts';

/** What to run for one service. */
export interface SpawnSpec {
  /** Run with `/bin/sh -c`. */
  command: string;
  /** Absolute directory to run it in. */
  cwd: string;
  /** The whole environment of the command (not merged with anything here). */
  env: NodeJS.ProcessEnv;
  /** File that receives stdout and stderr, appended to. */
  logPath: string;
}

/** A started command, leader of its own process group. */
export interface GroupProcess {
  readonly pid: number;
  /** Equal to `pid`: the command leads a new session and group (spawn `detached`). */
  readonly pgid: number;
  /** Resolves when the leader (the shell, or the command it exec'd) exits. */
  readonly exited: Promise<ExitInfo>;
  /** The leader's exit once it happened, else undefined. */
  exit(): ExitInfo | undefined;
}

/**
 * Starts `spec.command` in a new process group with stdout and stderr going
 * straight to the log file (the service's output never passes through this
 * process, so it keeps logging even if the runner stops reading or dies).
 * Rejects with the spawn error (e.g. ENOENT for /bin/sh) when nothing started.
 */
export const spawnInGroup = async (spec: SpawnSpec): Promise<GroupProcess> => {
  const logFd = openSync(spec.logPath, 'a');
  let child;
  try {
    child = spawn('/bin/sh', ['-c', spec.command], {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['ignore', logFd, logFd],
    });
  } finally {
    closeSync(logFd); // the child holds its own copies
  }
  const { pid } = child;
  if (pid === undefined) {
    throw await new Promise<Error>((resolve) => child.once('error', resolve));
  }
  let exit: ExitInfo | undefined;
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
  });
  child.on('error', () => undefined); // after a successful spawn only a failed kill() can emit; we signal the group ourselves
  return { pid, pgid: pid, exited, exit: () => exit };
};

export interface StopOutcome {
  /** The leader's exit; undefined if it had not exited even after SIGKILL. */
  exit: ExitInfo | undefined;
  /** True when SIGKILL was needed: the group outlived the grace period. */
  forced: boolean;
  /** True when processes of the group were still running at the end (e.g. stuck in the kernel). */
  leftRunning: boolean;
}

export interface StopTiming {
  /** How long the group has to end after SIGTERM before SIGKILL, in milliseconds. */
  graceMs: number;
  /** How long to wait for the group to vanish after SIGKILL, in milliseconds. */
  killWaitMs?: number;
  /** How often to look whether the group is gone, in milliseconds. */
  pollMs?: number;
}

/**
 * SIGTERM to the whole group, then SIGKILL to whatever of it is still
 * running after `graceMs`. Done when every process of the group is gone and
 * the leader's exit is known, so nothing the command spawned (and kept in
 * its group) survives. A group already gone gets no signal.
 */
export const stopGroup = async (proc: GroupProcess, timing: StopTiming): Promise<StopOutcome> => {
  const pollMs = timing.pollMs ?? 50;
  const gone = (): boolean => proc.exit() !== undefined && !groupAlive(proc.pgid);
  if (gone()) return { exit: proc.exit(), forced: false, leftRunning: false };

  signalGroup(proc.pgid, 'SIGTERM');
  if (await waitFor(gone, timing.graceMs, pollMs)) return { exit: proc.exit(), forced: false, leftRunning: false };

  signalGroup(proc.pgid, 'SIGKILL');
  const ended = await waitFor(gone, timing.killWaitMs ?? 2_000, pollMs);
  return { exit: proc.exit(), forced: true, leftRunning: !ended };
};

/** Polls `done` until it holds (true) or `withinMs` passed (false). */
const waitFor = async (done: () => boolean, withinMs: number, pollMs: number): Promise<boolean> => {
  const deadline = performance.now() + withinMs;
  while (!done()) {
    if (performance.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return true;
};
