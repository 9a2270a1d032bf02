import { formatDuration } from '../duration.ts';
import { DEFAULT_MAX_DURATION_MS } from '../schema/safety.ts';
import { entries, entry, ms, str, type CrossIssue } from './read.ts';

interface Window {
  index: number;
  name: string;
  start: number;
  end: number;
}

/**
 * The schedule fits: two faults of one toxic type on one proxy and stream
 * (or two `down` on one proxy) never overlap, since they would stack in ways
 * nobody planned; and every fault, and a fixed-length traffic, ends within
 * safety.max_duration.
 */
export const checkTiming = (experiment: unknown, issues: CrossIssue[]): void => {
  const root = entry(experiment);
  if (root === undefined) return;
  const safety = entry(root.safety);
  // Undefined when max_duration is itself invalid (reported by the schema): nothing to compare with.
  const maxDuration =
    safety === undefined || safety.max_duration === undefined ? DEFAULT_MAX_DURATION_MS : ms(safety, 'max_duration');

  const lanes = new Map<string, Window[]>();
  for (const [fault, index] of entries(root, 'faults')) {
    const start = ms(fault, 'at');
    const length = ms(fault, 'for');
    const proxy = str(fault, 'proxy');
    const type = str(fault, 'type');
    if (start === undefined || length === undefined) continue;
    const end = start + length;
    if (maxDuration !== undefined && end > maxDuration) {
      issues.push({
        path: ['faults', index, 'for'],
        message:
          `the fault ends at ${formatDuration(end)}, after safety.max_duration ${formatDuration(maxDuration)} ` +
          `(expected at + for ≤ ${formatDuration(maxDuration)}; shorten it or raise safety.max_duration)`,
      });
    }
    if (proxy === undefined || type === undefined) continue;
    const lane = type === 'down' ? `${proxy}\u0000down` : `${proxy}\u0000${str(fault, 'stream') ?? 'downstream'}\u0000${type}`;
    const window: Window = { index, name: str(fault, 'name') ?? `faults[${index}]`, start, end };
    const earlier = lanes.get(lane) ?? [];
    const clash = earlier.find((other) => other.start < window.end && window.start < other.end);
    if (clash !== undefined) {
      const what = type === 'down' ? `down on proxy ${proxy}` : `${type} on ${proxy} ${str(fault, 'stream') ?? 'downstream'}`;
      issues.push({
        path: ['faults', index, 'at'],
        message:
          `overlaps fault "${clash.name}" (${formatDuration(clash.start)} to ${formatDuration(clash.end)}), ` +
          `both ${what} (expected one fault of a type per proxy and stream at a time; merge them or move one)`,
      });
    }
    lanes.set(lane, [...earlier, window]);
  }

  const traffic = entry(root.traffic);
  const trafficLength = traffic === undefined || traffic.duration === 'run' ? undefined : ms(traffic, 'duration');
  if (trafficLength !== undefined && maxDuration !== undefined && trafficLength > maxDuration) {
    issues.push({
      path: ['traffic', 'duration'],
      message:
        `the traffic runs ${formatDuration(trafficLength)}, longer than safety.max_duration ${formatDuration(maxDuration)} ` +
        `(expected at most ${formatDuration(maxDuration)}, or run)`,
    });
  }
};
