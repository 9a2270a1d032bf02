import type { FaultFact } from './facts-faults.ts';

/**
 * A failure mode's id, the same in every postmortem that meets it:
 * `<proxy>:<fault kind>:<what broke>`, e.g.
 * `checkout-to-payments:latency:checkout-stays-fast`. A run with no fault
 * injected uses `run:none`.
 */
export const fingerprintOf = (fault: FaultFact | undefined, whatBroke: string): string =>
  `${fault === undefined ? 'run:none' : `${slug(fault.proxy)}:${slug(fault.kind)}`}:${slug(whatBroke)}`;

/** Lowercase; runs of anything but letters, digits, `.`, `_` and `-` become one `-`. */
export const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '') || 'x';
