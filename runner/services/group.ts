import { readdirSync, readFileSync } from 'node:fs';

/**
 * Process groups: a started service runs as the leader of its own group
 * (pgid = its pid), so one signal reaches the command, its shell and every
 * process it spawned that stayed in the group.
 */

/** Sends `signal` (0: only asks) to every process of group `pgid`; false when the group no longer exists. */
export const signalGroup = (pgid: number, signal: NodeJS.Signals | 0): boolean => {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    if (isErrno(error, 'ESRCH')) return false;
    throw error;
  }
};

/**
 * Whether any process of group `pgid` is still running. Zombies do not
 * count: where PID 1 does not reap orphans (some containers and VMs), a
 * grandchild that has exited stays a zombie in the group for ever, and
 * `kill(-pgid, 0)` alone would call it alive. On Linux the group's members
 * are read from /proc; elsewhere the signal-0 answer is taken as it is.
 */
export const groupAlive = (pgid: number): boolean => {
  if (!signalGroup(pgid, 0)) return false;
  const members = linuxGroupStates(pgid);
  return members === undefined || members.some((state) => state !== 'Z' && state !== 'X');
};

/** The state letters (R, S, D, Z…) of group `pgid`'s processes, or undefined without /proc. */
const linuxGroupStates = (pgid: number): string[] | undefined => {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  const states: string[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (stat !== undefined && stat.pgrp === pgid) states.push(stat.state);
  }
  return states;
};

/** `/proc/<pid>/stat`: `pid (comm) state ppid pgrp …`; comm may hold spaces and parentheses. */
const readStat = (pid: string): { state: string; pgrp: number } | undefined => {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // exited between readdir and read
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const [state, , pgrp] = fields;
  if (state === undefined || pgrp === undefined) return undefined;
  return { state, pgrp: Number(pgrp) };
};

const isErrno = (error: unknown, code: string): boolean =>
  error instanceof Error && (error as NodeJS.ErrnoException).code === code;
