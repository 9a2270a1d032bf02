import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { z } from 'zod';
import { isRunning, sameProcess } from '../recover/index.ts';

/**
 * One drill at a time across processes: a lock file created with O_EXCL,
 * holding who holds it. A lock whose process is gone (or whose pid now
 * belongs to a newer process) is stale and is taken over, under a second
 * O_EXCL file so two processes cannot both take over the same stale lock.
 * Times here are the real wall clock, whatever clock the scheduler uses:
 * they are compared with when processes started.
 */

const holderSchema = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  /** ISO wall time the lock was taken. */
  started_at: z.string(),
  schedule: z.string().optional(),
  entry: z.string().optional(),
});

export type LockHolder = z.output<typeof holderSchema>;

export type LockAttempt =
  /** `tookOver` says whose stale lock was taken over, for the warning. */
  | { ok: true; release(): void; tookOver: string | undefined }
  | { ok: false; holder: LockHolder | undefined; why: string };

/** A lock file still being written (created, not yet filled) is left alone for this long, ms. */
const WRITING_GRACE_MS = 10_000;
/** A takeover guard older than this was left by a process that died mid-takeover, ms. */
const TAKEOVER_STALE_MS = 30_000;

/** Takes the lock at `path`, or says who holds it. Never waits. */
export const acquireLock = (path: string, about: { schedule: string; entry: string }): LockAttempt => {
  mkdirSync(dirname(path), { recursive: true });
  const mine: LockHolder = { pid: process.pid, host: hostname(), started_at: new Date().toISOString(), ...about };
  if (create(path, mine)) return { ok: true, release: () => release(path, mine), tookOver: undefined };

  const holder = readHolder(path);
  if (holder === 'missing') return retryOnce(path, mine);
  if (holder === 'unreadable' && ageMs(path) < WRITING_GRACE_MS) return { ok: false, holder: undefined, why: 'another process is writing it' };
  if (holder !== 'unreadable') {
    if (holder.host !== hostname()) return { ok: false, holder, why: `held by pid ${holder.pid} on ${holder.host}, which this host cannot check` };
    if (isRunning(holder.pid) && sameProcess(holder.pid, Date.parse(holder.started_at)) !== 'different') {
      return { ok: false, holder, why: `held by pid ${holder.pid} since ${holder.started_at}${holder.entry === undefined ? '' : ` (${holder.entry})`}` };
    }
  }
  return takeOver(path, mine, holder === 'unreadable' ? undefined : holder);
};

/** The lock vanished between our create and our read: its holder just released it. */
const retryOnce = (path: string, mine: LockHolder): LockAttempt =>
  create(path, mine)
    ? { ok: true, release: () => release(path, mine), tookOver: undefined }
    : { ok: false, holder: undefined, why: 'another process took it a moment ago' };

const takeOver = (path: string, mine: LockHolder, stale: LockHolder | undefined): LockAttempt => {
  const guard = `${path}.takeover`;
  if (!create(guard, mine)) {
    if (ageMs(guard) < TAKEOVER_STALE_MS) return { ok: false, holder: stale, why: 'another process is taking over the stale lock' };
    unlinkQuietly(guard);
    if (!create(guard, mine)) return { ok: false, holder: stale, why: 'another process is taking over the stale lock' };
  }
  try {
    // Still the same stale lock? Someone may have taken over and released it between our read and our guard.
    const now = readHolder(path);
    const same = now === 'unreadable' ? stale === undefined : now !== 'missing' && JSON.stringify(now) === JSON.stringify(stale);
    if (now !== 'missing' && !same) return { ok: false, holder: now === 'unreadable' ? undefined : now, why: 'it changed hands while being taken over' };
    unlinkQuietly(path);
    if (!create(path, mine)) return { ok: false, holder: undefined, why: 'another process took it a moment ago' };
    const whose = stale === undefined ? 'an unreadable lock' : `the lock of pid ${stale.pid} (since ${stale.started_at}), which is gone`;
    return { ok: true, release: () => release(path, mine), tookOver: whose };
  } finally {
    unlinkQuietly(guard);
  }
};

/** O_CREAT | O_EXCL: true when this call made the file (and wrote `holder` into it). */
const create = (path: string, holder: LockHolder): boolean => {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${JSON.stringify(holder)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
};

const readHolder = (path: string): LockHolder | 'missing' | 'unreadable' => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const parsed = holderSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'unreadable';
  } catch {
    return 'unreadable';
  }
};

/** Removes the lock only while it is still ours (a takeover by mistake must not be undone by us). */
const release = (path: string, mine: LockHolder): void => {
  const now = readHolder(path);
  if (now !== 'missing' && now !== 'unreadable' && now.pid === mine.pid && now.started_at === mine.started_at) unlinkQuietly(path);
};

const ageMs = (path: string): number => {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
};

const unlinkQuietly = (path: string): void => {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
};
