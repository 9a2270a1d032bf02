import { statSync } from 'node:fs';
import { join } from 'node:path';
import { JOURNAL_FILE, type EventOf } from '../journal/index.ts';
// The file, not the folder's index: that index loads the watchdog, which loads recover.
import { HEARTBEAT_STALE_MS, heartbeatAgeMs } from '../watchdog/heartbeat.ts';
import { isRunning, sameProcess } from './process.ts';

/**
 * - `running`: the runner process exists and renewed its heartbeat (or wrote
 *   its journal) within the last 5 s; it rolls back by itself.
 * - `stale`: the process exists but has shown no sign of life for longer.
 * - `gone`: no such process, or its pid now belongs to a newer process.
 */
export type RunnerState = 'running' | 'stale' | 'gone';

export interface RunnerCheck {
  state: RunnerState;
  pid: number;
  /** Milliseconds since the last heartbeat or journal write; undefined when neither file exists. */
  quietMs: number | undefined;
}

export const checkRunner = (started: EventOf<'run.started'>, runDir: string, nowMs = Date.now()): RunnerCheck => {
  const { pid } = started;
  const quietMs = quietFor(runDir, nowMs);
  if (!isRunning(pid) || sameProcess(pid, Date.parse(started.at)) === 'different') {
    return { state: 'gone', pid, quietMs };
  }
  const fresh = quietMs !== undefined && quietMs < HEARTBEAT_STALE_MS;
  return { state: fresh ? 'running' : 'stale', pid, quietMs };
};

/** The youngest sign of life: the heartbeat's or the journal's mtime. */
const quietFor = (runDir: string, nowMs: number): number | undefined => {
  const ages = [heartbeatAgeMs(runDir, nowMs), journalAgeMs(runDir, nowMs)].filter(
    (age): age is number => age !== undefined,
  );
  return ages.length === 0 ? undefined : Math.min(...ages);
};

const journalAgeMs = (runDir: string, nowMs: number): number | undefined => {
  try {
    return Math.max(0, nowMs - statSync(join(runDir, JOURNAL_FILE)).mtimeMs);
  } catch {
    return undefined;
  }
};
