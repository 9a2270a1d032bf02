import type { Recurrence } from './findings.ts';
import type { EarlierPostmortem } from './source.ts';

/**
 * Earlier postmortems by fingerprint, for the recurring-failure finding of
 * many runs in one batch (`gameday postmortem RUN_DIR...`): each
 * fingerprint's postmortems are kept most recent first, so a run's
 * recurrences are found by a binary search instead of a pass over every
 * earlier postmortem (a batch of 1,000 runs would otherwise be quadratic).
 * One entry per postmortem id; adding an id again replaces it.
 */
export class EarlierIndex {
  private readonly byId = new Map<string, EarlierPostmortem>();
  private readonly byFingerprint = new Map<string, EarlierPostmortem[]>();

  constructor(earlier: Iterable<EarlierPostmortem> = []) {
    for (const pm of earlier) this.add(pm);
  }

  add(pm: EarlierPostmortem): void {
    const old = this.byId.get(pm.id);
    if (old !== undefined) {
      for (const fingerprint of new Set(old.fingerprints)) {
        const list = this.byFingerprint.get(fingerprint);
        const at = list?.indexOf(old) ?? -1;
        if (list !== undefined && at >= 0) list.splice(at, 1);
      }
    }
    this.byId.set(pm.id, pm);
    for (const fingerprint of new Set(pm.fingerprints)) {
      const list = this.byFingerprint.get(fingerprint);
      if (list === undefined) this.byFingerprint.set(fingerprint, [pm]);
      else list.splice(firstIndex(list, (other) => newestFirst(pm, other) <= 0), 0, pm);
    }
  }

  /**
   * The fingerprints `self` shares with postmortems before it (an earlier date, or the same date and a
   * smaller id; undated ones count; its own id never), each with the `limit` most recent ids and the count.
   */
  recurrences(fingerprints: readonly string[], self: { id: string; date: string }, limit: number): Recurrence[] {
    const own = this.byId.get(self.id);
    return [...new Set(fingerprints)].flatMap((fingerprint) => {
      const list = this.byFingerprint.get(fingerprint) ?? [];
      // Most recent first, so the postmortems before `self` are the tail of the list; its own postmortem is
      // there too when a person changed its date.
      const start = firstIndex(list, (pm) => isBefore(pm, self));
      const ownAt = own === undefined ? -1 : list.indexOf(own, start);
      const count = list.length - start - (ownAt >= 0 ? 1 : 0);
      const ids: string[] = [];
      for (let at = start; at < list.length && ids.length < limit; at += 1) if (at !== ownAt) ids.push((list[at] as EarlierPostmortem).id);
      return count === 0 ? [] : [{ fingerprint, ids, count }];
    });
  }
}

/** Whether `pm` comes before the run of `self` (see EarlierIndex.recurrences). */
export const isBefore = (pm: EarlierPostmortem, self: { id: string; date: string }): boolean =>
  pm.id !== self.id && (pm.date === undefined || pm.date < self.date || (pm.date === self.date && pm.id < self.id));

/** By date, then id, the most recent first; undated last. */
export const newestFirst = (a: EarlierPostmortem, b: EarlierPostmortem): number => compare(b.date ?? '', a.date ?? '') || compare(b.id, a.id);

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The first index whose item passes `test`, which holds for a tail of the list (binary search); the length when none does. */
const firstIndex = <T>(list: readonly T[], test: (item: T) => boolean): number => {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (test(list[middle] as T)) high = middle;
    else low = middle + 1;
  }
  return low;
};
