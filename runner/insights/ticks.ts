import type { Entry, EntryItem } from './entry.ts';

/** When an action item was ticked, from git history (see git-ticks.ts). */
export interface Tick {
  /** The commit's author date, ISO 8601 with offset. */
  at: string;
  /** The commit's full hash. */
  commit: string;
}

/**
 * Ticks by postmortem file (its path exactly as in `PostmortemInput.path`), then by action item id. Only items
 * ticked in the latest committed version are in it; a file outside a repository has no entry.
 */
export type TickIndex = ReadonlyMap<string, ReadonlyMap<string, Tick>>;

/** The tick of `item` in `entry`, or null when unknown (no repository, not committed, not ticked, no id). */
export const tickOf = (ticks: TickIndex | undefined, entry: Entry, item: EntryItem): Tick | null => {
  if (ticks === undefined || entry.path === null || item.id === null) return null;
  return ticks.get(entry.path)?.get(item.id) ?? null;
};
