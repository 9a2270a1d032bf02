import type { Entry } from './entry.ts';
import { itemsOfFailureMode } from './failure-modes.ts';
import { compare, push } from './order.ts';
import { tickOf, type TickIndex } from './ticks.ts';

/**
 * Regressions: a failure mode whose action items were all done, that came back in a later postmortem.
 *
 * For each failure mode (fingerprint), consecutive dated postmortems that have it are compared: when every item
 * of the earlier one that belongs to the failure mode (failure-modes.ts) is done, and there is at least one, the
 * later one is a regression. When git says when the items were ticked and one was ticked after the later
 * postmortem's date, the fix came after the failure mode came back, so that is no regression.
 */
export interface Regression {
  fingerprint: string;
  /** The postmortem whose items were all done. */
  fixed: { postmortem: string; date: string; items: string[] };
  /** The first later postmortem with the same failure mode. */
  cameBack: { postmortem: string; date: string };
}

/** `entries` oldest first (entry.ts `entriesOf`); regressions by date they came back, then fingerprint. */
export const regressionsOf = (entries: readonly Entry[], ticks?: TickIndex): Regression[] => {
  const byFingerprint = new Map<string, Entry[]>();
  for (const entry of entries) {
    if (entry.date === null) continue;
    for (const fingerprint of entry.fingerprints) push(byFingerprint, fingerprint, entry);
  }
  const found: Regression[] = [];
  for (const [fingerprint, members] of byFingerprint) {
    for (let i = 0; i + 1 < members.length; i += 1) {
      const earlier = members[i]!;
      const later = members[i + 1]!;
      const items = itemsOfFailureMode(earlier, fingerprint);
      if (items.length === 0 || items.some((item) => !item.done)) continue;
      const tickedAfter = items.some((item) => utcDate(tickOf(ticks, earlier, item)?.at) > later.date!);
      if (tickedAfter) continue;
      found.push({
        fingerprint,
        fixed: { postmortem: earlier.id, date: earlier.date!, items: items.map((item) => item.id ?? item.text) },
        cameBack: { postmortem: later.id, date: later.date! },
      });
    }
  }
  return found.sort((a, b) => compare(a.cameBack.date, b.cameBack.date) || compare(a.fingerprint, b.fingerprint));
};

/** The UTC calendar day of an ISO instant; '' when there is none. */
const utcDate = (at: string | undefined): string => {
  const ms = at === undefined ? Number.NaN : Date.parse(at);
  return Number.isNaN(ms) ? '' : new Date(ms).toISOString().slice(0, 10);
};
