/**
 * Numbers for people, the same everywhere in a postmortem. Pure; no locale
 * (the output must not depend on the machine that renders it).
 */

/** A duration in ms: `850ms`, `2.3s`, `1m05s`, `1h02m`; `—` for null (not measured). */
export const formatMs = (ms: number | null): string => {
  if (ms === null || !Number.isFinite(ms)) return '—';
  if (ms < 0) return `-${formatMs(-ms)}`;
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1_000);
  if (seconds < 3_600) return `${Math.floor(seconds / 60)}m${pad(seconds % 60)}s`;
  return `${Math.floor(seconds / 3_600)}h${pad(Math.floor((seconds % 3_600) / 60))}m`;
};

/** An offset from the fault's start: `T+2.3s`, `T-6.0s`, `T+1m05.2s`. */
export const formatOffset = (ms: number): string => {
  const sign = ms < 0 ? '-' : '+';
  const abs = Math.abs(ms);
  if (abs < 60_000) return `T${sign}${(abs / 1_000).toFixed(1)}s`;
  const tenths = Math.round(abs / 100);
  const minutes = Math.floor(tenths / 600);
  const rest = (tenths % 600) / 10;
  return `T${sign}${minutes}m${rest < 10 ? '0' : ''}${rest.toFixed(1)}s`;
};

/** A share as a percentage: `0%`, `4.2%`, `100%`; `—` for null. */
export const formatPercent = (share: number | null): string => {
  if (share === null || !Number.isFinite(share)) return '—';
  const percent = share * 100;
  if (percent === 0 || percent === 100) return `${percent}%`;
  return `${percent < 0.1 ? percent.toFixed(2) : percent.toFixed(1)}%`;
};

/** A latency in ms for tables: `83ms`, `1.17s`; `—` for null. */
export const formatLatency = (ms: number | null): string => {
  if (ms === null || !Number.isFinite(ms)) return '—';
  return ms < 1_000 ? `${Math.round(ms)}ms` : `${(ms / 1_000).toFixed(2)}s`;
};

/** The time of day of an ISO instant, UTC, to the millisecond: `01:11:26.348`. */
export const formatClock = (iso: string | null): string => (iso === null ? '—' : (iso.slice(11, 23) || '—'));

/** `1 request`, `2 requests`. */
export const count = (n: number, noun: string, plural = `${noun}s`): string => `${n} ${n === 1 ? noun : plural}`;

/** The ISO date `days` after an ISO date (calendar arithmetic in UTC). */
export const addDays = (isoDate: string, days: number): string => {
  const time = Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000;
  return new Date(time).toISOString().slice(0, 10);
};

const pad = (n: number): string => String(n).padStart(2, '0');
