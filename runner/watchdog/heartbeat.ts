import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `<run dir>/heartbeat`: a file whose mtime the runner renews every second while it is alive and responsive. */
export const HEARTBEAT_FILE = 'heartbeat';
/** How often the runner renews the heartbeat, in ms. */
export const HEARTBEAT_INTERVAL_MS = 1_000;
/** A heartbeat older than this (ms) means the runner has stopped working, even if its process exists. */
export const HEARTBEAT_STALE_MS = 5_000;

/**
 * Starts renewing `<runDir>/heartbeat` now and every `intervalMs`; returns
 * `stop`. The timer is unref'd (it never keeps the process alive) and runs on
 * the event loop, so a runner whose loop is blocked stops beating too. A
 * failed write is ignored: the watchdog then sees a stale heartbeat, which is
 * the safe reading.
 */
export const startHeartbeat = (runDir: string, intervalMs = HEARTBEAT_INTERVAL_MS): (() => void) => {
  const path = join(runDir, HEARTBEAT_FILE);
  const beat = (): void => {
    try {
      writeFileSync(path, `${new Date().toISOString()}\n`);
    } catch {
      // Ignored on purpose, see above.
    }
  };
  beat();
  const timer = setInterval(beat, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
};

/** Milliseconds since the heartbeat was last renewed, by the wall clock; undefined when there is none. */
export const heartbeatAgeMs = (runDir: string, nowMs: number): number | undefined => {
  try {
    return Math.max(0, nowMs - statSync(join(runDir, HEARTBEAT_FILE)).mtimeMs);
  } catch {
    return undefined;
  }
};
