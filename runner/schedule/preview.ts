import { blackoutAt, describeBlackout } from './blackout.ts';
import type { ResolvedSchedule } from './resolve.ts';
import { formatInZone } from './time-zone.ts';
import { upcomingStarts } from './times.ts';

/**
 * `--dry-run`: each entry's next `count` starts after `fromMs`, in its own
 * time zone (and in UTC), marking those that fall in a blackout. Pure.
 *
 *     slow-payments  "0 10 * * 2"  America/New_York  experiments/slow-payments.yaml
 *       Tue 2026-12-15 10:00 -05:00  2026-12-15T15:00:00Z
 *       Tue 2026-12-22 10:00 -05:00  2026-12-22T15:00:00Z  skipped: blackout holiday freeze
 */
export const previewSchedule = (schedule: ResolvedSchedule, fromMs: number, count: number): string => {
  const lines: string[] = [];
  for (const entry of schedule.entries) {
    lines.push(`${entry.name}  "${entry.cron}"  ${entry.timezone}  ${entry.shownFile}`);
    const starts = upcomingStarts(entry, fromMs, count);
    if (starts.length === 0) lines.push('  never starts again');
    for (const at of starts) {
      const blackout = blackoutAt(schedule.blackouts, at);
      const utc = new Date(at).toISOString().replace('.000Z', 'Z');
      lines.push(`  ${formatInZone(at, entry.timezone)}  ${utc}${blackout === undefined ? '' : `  skipped: blackout ${describeBlackout(blackout)}`}`);
    }
  }
  return `${lines.join('\n')}\n`;
};
