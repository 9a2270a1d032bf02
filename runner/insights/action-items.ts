import type { Entry, EntryItem } from './entry.ts';
import { push } from './order.ts';
import { dayNumber } from './period.ts';
import { tickOf, type Tick, type TickIndex } from './ticks.ts';

/**
 * Every action item of every postmortem: open or done, its age, when it was ticked, and whether a later run
 * verified it.
 *
 * Verified: a later postmortem of the same experiment whose findings are known (a drill that ran to its end,
 * with its action items in the front matter; see entry.ts) no longer has the item's finding, i.e. the
 * expectation that produced it held. The first such postmortem verifies the item, whether or not the item is
 * ticked; a failure mode that comes back after that shows as a regression. Items people added (no finding) are
 * never verified. The `recurring` item is verified by a later run with no recurring failure mode at all.
 */
export interface ActionItemInsight {
  /** The postmortem's id, file and date (YYYY-MM-DD), and its experiment. */
  postmortem: string;
  path: string | null;
  date: string | null;
  experiment: string | null;
  id: string | null;
  text: string;
  owner: string | null;
  due: string | null;
  done: boolean;
  finding: string | null;
  /** Whole days from the postmortem's date to `now`; null when the postmortem has no date. */
  ageDays: number | null;
  /** Open, and its due date is before `now`'s day. */
  overdue: boolean;
  /** The commit that ticked it, from git; null when unknown (no repository, not committed, not ticked). */
  ticked: Tick | null;
  verifiedBy: { postmortem: string; date: string | null } | null;
}

export interface ActionItems {
  total: number;
  open: number;
  done: number;
  overdue: number;
  verified: number;
  /** Postmortems oldest first, each one's items in its order. */
  items: ActionItemInsight[];
}

/** `entries` oldest first (entry.ts `entriesOf`); `today` a day number (period.ts `dayNumber`). */
export const actionItemsOf = (entries: readonly Entry[], today: number, ticks?: TickIndex): ActionItems => {
  const verifier = verifiersOf(entries);
  const todayDate = new Date(today * 86_400_000).toISOString().slice(0, 10);
  const items: ActionItemInsight[] = [];
  for (const entry of entries) {
    const day = entry.date === null ? null : dayNumber(entry.date);
    entry.items.forEach((item, index) => {
      const by = verifier.get(entry)?.[index] ?? null;
      items.push({
        postmortem: entry.id,
        path: entry.path,
        date: entry.date,
        experiment: entry.experiment,
        id: item.id,
        text: item.text,
        owner: item.owner,
        due: item.due,
        done: item.done,
        finding: item.finding,
        ageDays: day === null ? null : today - day,
        overdue: !item.done && item.due !== null && item.due < todayDate,
        ticked: tickOf(ticks, entry, item),
        verifiedBy: by === null ? null : { postmortem: by.id, date: by.date },
      });
    });
  }
  const done = items.filter((item) => item.done).length;
  return {
    total: items.length,
    open: items.length - done,
    done,
    overdue: items.filter((item) => item.overdue).length,
    verified: items.filter((item) => item.verifiedBy !== null).length,
    items,
  };
};

/**
 * For each entry, the verifying postmortem of each of its items (by index), in one backward pass per
 * experiment: walking from the newest, `next` is the nearest later entry with known findings, and
 * `without.get(key)` the nearest later one lacking `key` among those that come after an entry having it.
 * Linear in the number of findings, so 100,000 postmortems stay fast.
 */
const verifiersOf = (entries: readonly Entry[]): Map<Entry, (Entry | null)[]> => {
  const byExperiment = new Map<string, Entry[]>();
  for (const entry of entries) if (entry.experiment !== null && entry.date !== null) push(byExperiment, entry.experiment, entry);
  const result = new Map<Entry, (Entry | null)[]>();
  for (const members of byExperiment.values()) {
    let next: Entry | null = null;
    const without = new Map<string, Entry | null>();
    const answer = (key: string): Entry | null => (next === null ? null : next.findingKeys.has(key) ? (without.get(key) ?? null) : next);
    for (let i = members.length - 1; i >= 0; i -= 1) {
      const entry = members[i]!;
      result.set(entry, entry.items.map((item: EntryItem) => (item.finding === null ? null : answer(item.finding))));
      if (!entry.findingsKnown) continue;
      for (const key of entry.findingKeys) without.set(key, answer(key));
      next = entry;
    }
  }
  return result;
};
