/**
 * Alertmanager's "no end": firing alerts carry `endsAt` 0001-01-01T00:00:00Z
 * (Go's zero time), in any precision or offset.
 */
export function isZeroTime(value: string): boolean {
  return value.startsWith('0001-01-01');
}

/**
 * A sender's timestamp as ISO 8601 UTC (`toISOString`), or undefined when it
 * is absent, unreadable, or Go's zero time. RFC 3339 with nanoseconds is read
 * to the millisecond.
 */
export function isoTime(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '' || isZeroTime(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
