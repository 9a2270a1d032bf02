export { HEARTBEAT_FILE, HEARTBEAT_INTERVAL_MS, HEARTBEAT_STALE_MS, heartbeatAgeMs, startHeartbeat } from './heartbeat.ts';
export { spawnWatchdog, WATCHDOG_LOG, type SpawnWatchdogOptions } from './spawn.ts';
export { watchRunner, type WatchOptions, type WatchOutcome } from './watch.ts';
