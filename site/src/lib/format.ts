/** How numbers read on the site. Every figure that summarises several runs is shown with its n. */

/** Milliseconds for people: `850ms`, `2.2s`, `1m 05s`, `2h 03m`; `—` for null. */
export const duration = (ms: number | null | undefined): string => {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`;
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
};

/** A share 0..1 as a whole percentage, `—` for null. */
export const percent = (rate: number | null | undefined): string =>
  rate === null || rate === undefined || !Number.isFinite(rate) ? '—' : `${Math.round(rate * 100)}%`;

/** `1 postmortem`, `3 postmortems`. */
export const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** A date-time as `2025-03-01 10:11:26 UTC`; the text as given when it does not parse. */
export const instant = (iso: string | null | undefined): string => {
  if (iso === null || iso === undefined) return '—';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
};

/** The human words for a verdict. */
export const verdictLabel = (verdict: string): string => verdict.replace(/_/g, ' ');
