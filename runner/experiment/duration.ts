import { z } from 'zod';
import { whenGiven } from './describe-value.ts';

/**
 * Durations in experiment files: a whole number of milliseconds (`250`), or a
 * string of one or more number-unit parts (`250ms`, `30s`, `1.5s`, `5m`,
 * `1h`, `1m30s`). Parsed to whole milliseconds (rounded).
 */

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
export const DURATION_PATTERN = '^(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h))+$';
const WHOLE = new RegExp(DURATION_PATTERN);

/** Milliseconds for a duration string, or undefined when it is not one. */
export const parseDuration = (text: string): number | undefined => {
  if (!WHOLE.test(text)) return undefined;
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(PART)) {
    ms += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  }
  return Math.round(ms);
};

/** The shortest readable form: `0s`, `250ms`, `1.5s`, `30s`, `1m30s`, `2h`. */
export const formatDuration = (ms: number): string => {
  if (ms === 0) return '0s';
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms < 1_000) return `${ms}ms`;
  if (ms < 60_000) return `${Number((ms / 1_000).toFixed(3))}s`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const rest = ms % 60_000;
  const seconds = rest === 0 ? '' : formatDuration(rest);
  return `${hours > 0 ? `${hours}h` : ''}${minutes > 0 ? `${minutes}m` : ''}${seconds}`;
};

export const DURATION_EXPECTED = 'a duration such as 250ms, 30s, 5m, 1m30s, or a whole number of milliseconds';

const notADuration = whenGiven(
  (shown) => `${shown} is not a duration (expected ${DURATION_EXPECTED})`,
  DURATION_EXPECTED,
);

/** The input side of every duration field, one definition (`$defs/duration` in the JSON schema). */
const durationInput = z
  .union(
    [
      z.number({ error: notADuration }).int({ error: notADuration }).nonnegative({ error: notADuration }),
      z.string({ error: notADuration }).regex(WHOLE, { error: notADuration }),
    ],
    { error: notADuration },
  )
  .meta({
    id: 'duration',
    description: 'A duration: 250ms, 30s, 1.5s, 5m, 1m30s, 1h; a bare whole number is milliseconds',
  });

/**
 * A duration field, parsed to whole milliseconds; `what` says what it
 * means. For a default, use `.prefault('10s')` so the JSON schema shows it
 * as written in files.
 */
export const duration = (what: string) =>
  durationInput.transform((value) => (typeof value === 'number' ? value : (parseDuration(value) ?? 0))).describe(what);
