import { basename, dirname, resolve } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { push } from './order.ts';
import { ticksFromLog } from './tick-history.ts';
import type { Tick, TickIndex } from './ticks.ts';

/**
 * The I/O edge of insights: when each action item was ticked, from git history, with simple-git.
 * For each postmortem file, `git log --follow -p` (renames followed) is read by tick-history.ts.
 */
export interface TicksFromGitOptions {
  /** Relative paths in `files` resolve against it; default the process's directory. */
  cwd?: string;
  /** git processes at once; default 4. */
  concurrency?: number;
}

/**
 * Ticks of every file in `files`, keyed by the path exactly as given. A file outside a git repository, not
 * committed, or whose history git cannot read has no entry (its items' ticks are unknown), never an error.
 */
export const ticksFromGit = async (files: readonly string[], options: TicksFromGitOptions = {}): Promise<TickIndex> => {
  const index = new Map<string, ReadonlyMap<string, Tick>>();
  const byFolder = new Map<string, string[]>();
  for (const file of files) {
    const folder = dirname(resolve(options.cwd ?? process.cwd(), file));
    push(byFolder, folder, file);
  }
  const concurrency = Math.max(1, options.concurrency ?? 4);
  for (const [folder, inFolder] of byFolder) {
    const git = gitIn(folder, concurrency);
    if (git === null || !(await insideWorkTree(git))) continue;
    const queue = [...inFolder];
    const worker = async (): Promise<void> => {
      for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
        const ticks = await ticksOfFile(git, basename(file));
        if (ticks !== null && ticks.size > 0) index.set(file, ticks);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  }
  return index;
};

/** null when the folder is gone (simple-git refuses a folder that does not exist). */
const gitIn = (folder: string, concurrency: number): SimpleGit | null => {
  try {
    return simpleGit({ baseDir: folder, maxConcurrentProcesses: concurrency });
  } catch {
    return null;
  }
};

const insideWorkTree = async (git: SimpleGit): Promise<boolean> => {
  try {
    return (await git.raw(['rev-parse', '--is-inside-work-tree'])).trim() === 'true';
  } catch {
    return false;
  }
};

/** null when git cannot read the file's history (e.g. a repository with no commits yet). */
const ticksOfFile = async (git: SimpleGit, name: string): Promise<Map<string, Tick> | null> => {
  try {
    const log = await git.raw(['log', '--follow', '-p', '-U0', '--no-color', '--no-ext-diff', '--format=%x1e%H%x1f%aI', '--', name]);
    return ticksFromLog(log);
  } catch {
    return null;
  }
};
