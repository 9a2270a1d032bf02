import { formatDuration } from '../experiment/duration.ts';
import { cronIn, nextAfter } from './cron.ts';
import type { ResolvedBlackout } from './resolve.ts';

/**
 * Whether an instant falls in a blackout. A cron window [start, start +
 * duration) holds `at` when a start lies in (at - duration, at]: the first
 * start after at - duration, if it is not after `at`.
 */
export const blackoutAt = (blackouts: readonly ResolvedBlackout[], atMs: number): ResolvedBlackout | undefined =>
  blackouts.find((b) => {
    if (b.kind === 'range') return b.from <= atMs && atMs < b.to;
    const start = nextAfter(cronIn(b.cron, b.timezone), atMs - b.duration);
    return start !== undefined && start <= atMs;
  });

/** The blackout in a log line: its reason, or what it is. */
export const describeBlackout = (b: ResolvedBlackout): string => {
  if (b.reason !== undefined) return b.reason;
  if (b.kind === 'range') return `${new Date(b.from).toISOString()} to ${new Date(b.to).toISOString()}`;
  return `"${b.cron}" for ${formatDuration(b.duration)} (${b.timezone})`;
};

