import type { Tick } from './ticks.ts';

/**
 * Reads when action items were ticked from one file's history: the output of
 *
 *   git log --follow -p -U0 --no-color --format=%x1e%H%x1f%aI -- FILE
 *
 * (newest commit first; each commit a record starting with \x1e, then `hash\x1fauthor date`, then its patch).
 * Walking the commits oldest first, an item's state after a commit is the mark of the last added line with its
 * id (`+- [x] AI-1a2b3c …`), absent when the commit only removed it, else unchanged. The tick is the commit
 * where the state became ticked (an item first committed already ticked counts as ticked there); unticking
 * forgets it. Only the body's task-list lines count: the body is where people tick.
 */
export const ticksFromLog = (log: string): Map<string, Tick> => {
  const commits = log.split('\x1e').filter((record) => record.trim() !== '').reverse();
  const state = new Map<string, Tick | 'open'>();
  for (const record of commits) {
    const newline = record.indexOf('\n');
    const [hash = '', at = ''] = (newline < 0 ? record : record.slice(0, newline)).trim().split('\x1f');
    const changes = changesOf(newline < 0 ? '' : record.slice(newline + 1));
    for (const [id, mark] of changes) {
      const before = state.get(id);
      if (mark === 'removed') state.delete(id);
      else if (mark === 'open') state.set(id, 'open');
      else if (before === undefined || before === 'open') state.set(id, { at, commit: hash });
    }
  }
  const ticks = new Map<string, Tick>();
  for (const [id, tick] of state) if (tick !== 'open') ticks.set(id, tick);
  return ticks;
};

type Mark = 'open' | 'ticked' | 'removed';

const TASK = /^\s*[-*+][ \t]+\[([ xX])\][ \t]+(AI-[0-9a-f]{6})(?=\s|$)/;

/** What one commit's patch did to each item id: the last added line's mark, else `removed`. */
const changesOf = (patch: string): Map<string, Mark> => {
  const added = new Map<string, Mark>();
  const removed = new Set<string>();
  let inHunk = false;
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --git ')) inHunk = false;
    else if (line.startsWith('@@')) inHunk = true;
    if (!inHunk || line.startsWith('@@')) continue;
    const sign = line[0];
    if (sign !== '+' && sign !== '-') continue;
    const match = TASK.exec(line.slice(1));
    if (match === null) continue;
    const id = match[2]!;
    if (sign === '+') added.set(id, match[1] === ' ' ? 'open' : 'ticked');
    else removed.add(id);
  }
  for (const id of removed) if (!added.has(id)) added.set(id, 'removed');
  return added;
};
