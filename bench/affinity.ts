/**
 * CPU pinning with taskset (util-linux), for the round-trip layout that
 * puts every process of the bench on one CPU. On a VM a wake-up across CPUs
 * costs tens of µs, so where the scheduler happens to place three processes
 * on two CPUs decides most of a free-running round trip; pinned, the figure
 * is the proxy's own cost. Linux only; elsewhere the layout is skipped.
 */
import { spawnSync } from 'node:child_process';

function taskset(args: string[]): string | undefined {
  const result = spawnSync('taskset', args, { encoding: 'utf8' });
  return result.status === 0 ? result.stdout : undefined;
}

/** The affinity mask of `pid` in hex, e.g. `3`; undefined when taskset is unavailable. */
function maskOf(pid: number): string | undefined {
  return taskset(['-p', String(pid)])?.trim().split(': ').at(-1);
}

/**
 * Runs `body` with every thread of `pids` pinned to `cpu`, then restores each
 * process's previous mask (also when `body` fails). Resolves undefined,
 * without running `body`, when pinning is not possible here.
 */
export async function onOneCpu<T>(pids: readonly number[], cpu: number, body: () => Promise<T>): Promise<T | undefined> {
  const masks = pids.map((pid) => [pid, maskOf(pid)] as const);
  if (masks.some(([, mask]) => mask === undefined)) return undefined;
  try {
    for (const [pid] of masks) {
      if (taskset(['-a', '-p', '-c', String(cpu), String(pid)]) === undefined) return undefined;
    }
    return await body();
  } finally {
    for (const [pid, mask] of masks) taskset(['-a', '-p', mask!, String(pid)]);
  }
}
