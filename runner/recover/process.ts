import { readdirSync, readFileSync } from 'node:fs';

/**
 * Processes a dead run left behind, seen through kill(2) and, on Linux,
 * /proc. Pids are reused, so before signalling a recorded pid we check it is
 * still the process the journal recorded (see sameProcess).
 */

/** Clock ticks per second in /proc/<pid>/stat (USER_HZ, 100 on every Linux gameday runs on). */
const TICKS_PER_SECOND = 100;
/** A recorded process may have started up to this long (ms) after the event naming it, by clock granularity and skew. */
const START_TOLERANCE_MS = 2_000;

interface Stat {
  state: string;
  pgrp: number;
  /** Start time in clock ticks since boot. */
  startTicks: number;
}

/** /proc/<pid>/stat, fields after the `(comm)`, which may itself hold spaces and parentheses. */
const readStat = (pid: number | string): Stat | undefined => {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '?', pgrp: Number(fields[2]), startTicks: Number(fields[19]) };
};

const hasProc = (): boolean => readStat('self') !== undefined;

/** Whether a process exists and is not a zombie (a zombie is dead, only not yet reaped by its parent). */
export const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = readStat(pid);
  return stat === undefined ? !hasProc() : stat.state !== 'Z';
};

/** When the process started, in clock ticks since boot: equal for the same process, whenever read. Undefined without /proc. */
export const processStartTicks = (pid: number): number | undefined => {
  const ticks = readStat(pid)?.startTicks;
  return ticks === undefined || !Number.isFinite(ticks) ? undefined : ticks;
};

/** When the process started, in wall-clock ms; undefined without /proc. */
export const processStartMs = (pid: number): number | undefined => {
  const stat = readStat(pid);
  if (stat === undefined || !Number.isFinite(stat.startTicks)) return undefined;
  let uptimeSeconds: number;
  try {
    uptimeSeconds = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  } catch {
    return undefined;
  }
  return Date.now() - uptimeSeconds * 1000 + (stat.startTicks * 1000) / TICKS_PER_SECOND;
};

/** The process's argv, as /proc/<pid>/cmdline holds it; undefined without /proc. */
export const commandLine = (pid: number): string[] | undefined => {
  try {
    const text = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return text.split('\0').filter((part, index, all) => part !== '' || index < all.length - 1);
  } catch {
    return undefined;
  }
};

export type Identity = 'same' | 'different' | 'unknown';

/**
 * Whether `pid` is still the process recorded at `recordedAtMs` (wall ms of
 * the journal event naming it), optionally started by `command` through
 * `/bin/sh -c`. A process that started after the record is another one that
 * got the pid later; a matching command line also counts as the same.
 */
export const sameProcess = (pid: number, recordedAtMs: number, command?: string): Identity => {
  const started = processStartMs(pid);
  const argv = commandLine(pid);
  const commandMatches = command !== undefined && argv !== undefined && runs(argv, command);
  if (started !== undefined) return started <= recordedAtMs + START_TOLERANCE_MS || commandMatches ? 'same' : 'different';
  if (command !== undefined && argv !== undefined) return commandMatches ? 'same' : 'different';
  return 'unknown';
};

/** `sh -c COMMAND`, or COMMAND itself once the shell has exec'd it. */
const runs = (argv: readonly string[], command: string): boolean => {
  const squash = (text: string): string => text.trim().replace(/\s+/g, ' ');
  if (argv[1] === '-c' && argv[2] !== undefined && squash(argv[2]) === squash(command)) return true;
  return squash(argv.join(' ')) === squash(command);
};

/** Live (not zombie) processes in a process group; undefined when that cannot be listed (no /proc). */
const groupMembers = (pgid: number): number[] | undefined => {
  if (!hasProc()) return undefined;
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (stat !== undefined && stat.pgrp === pgid && stat.state !== 'Z') members.push(Number(entry));
  }
  return members;
};

const groupAlive = (pgid: number): boolean => {
  const members = groupMembers(pgid);
  if (members !== undefined) return members.length > 0;
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export interface StopTarget {
  pid: number;
  /** Its process group, when it leads one (spawned detached); the whole group is signalled. */
  pgid?: number;
}

export interface StopOutcome {
  /** The last signal sent; null when nothing was running. */
  signal: 'SIGTERM' | 'SIGKILL' | null;
  /** Something of it still ran after SIGKILL and the wait. */
  leftRunning: boolean;
}

/**
 * SIGTERM to the process group (or the process when it has none), then
 * SIGKILL if anything of it still runs after `graceMs`; waits up to 1 s more
 * for SIGKILL to take effect. Polls every 50 ms.
 */
export const stopProcessGroup = async (target: StopTarget, graceMs: number): Promise<StopOutcome> => {
  const alive = (): boolean => (target.pgid === undefined ? isRunning(target.pid) : groupAlive(target.pgid));
  const send = (signal: NodeJS.Signals): void => {
    try {
      process.kill(target.pgid === undefined ? target.pid : -target.pgid, signal);
    } catch {
      // Gone meanwhile (ESRCH); `alive` tells the rest.
    }
  };
  if (!alive()) return { signal: null, leftRunning: false };
  send('SIGTERM');
  if (await waitUntil(() => !alive(), graceMs)) return { signal: 'SIGTERM', leftRunning: false };
  send('SIGKILL');
  return { signal: 'SIGKILL', leftRunning: !(await waitUntil(() => !alive(), 1_000)) };
};

const waitUntil = async (done: () => boolean, ms: number): Promise<boolean> => {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
};
