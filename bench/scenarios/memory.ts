import { spawnSync } from 'node:child_process';
import type { Socket } from 'node:net';
import type { ToxiproxyApi } from '../api.ts';
import { isRecord } from '../ipc.ts';
import { connectTo, pingPong } from '../net.ts';
import { MB, round } from '../stats.ts';

/** The connection count the goal is stated for. */
export const GOAL_CONNECTIONS = 10_000;
/** File descriptors the proxy keeps for itself (listeners, API, tsx, epoll). */
const FD_HEADROOM = 1_000;
/** Connections opened at once while filling up. */
const BATCH = 250;

/** process.memoryUsage() of the proxy, MB (10^6 bytes). */
export interface MemoryReading {
  rssMB: number;
  heapUsedMB: number;
  heapTotalMB: number;
  externalMB: number;
}

export interface MemoryResult {
  /** `ulimit -n` of the bench and its helpers. */
  fdLimit: number;
  /** Connections actually held open through the proxy (2 fds each in the proxy). */
  connections: number;
  openSeconds: number;
  idle: MemoryReading;
  loaded: MemoryReading;
  /** (loaded − idle) / connections, KB (1000 bytes). */
  perConnectionRssKB: number;
  perConnectionHeapKB: number;
  /** idle + per connection × 10 000: a linear projection, not a measurement. */
  projectedRssMB: number;
  projectedHeapUsedMB: number;
}

/** How many connections the fd limit lets the proxy hold: 2 fds each, minus headroom. */
export function connectionBudget(): { fdLimit: number; connections: number } {
  const out = spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).stdout.trim();
  const fdLimit = out === 'unlimited' ? Number.POSITIVE_INFINITY : Number(out);
  const fit = Number.isFinite(fdLimit) ? Math.floor((fdLimit - FD_HEADROOM) / 2 / 100) * 100 : GOAL_CONNECTIONS;
  const requested = Number(process.env.BENCH_CONNECTIONS ?? GOAL_CONNECTIONS);
  return { fdLimit, connections: Math.max(0, Math.min(GOAL_CONNECTIONS, fit, requested)) };
}

/**
 * Memory of the proxy process idle (one proxy, no connection) and with as
 * many echo connections open through it as the fd limit allows, each proven
 * live by one round trip; `readMemory` asks the proxy process.
 */
export async function measureMemory(
  api: ToxiproxyApi,
  echoPort: number,
  readMemory: () => Promise<unknown>,
): Promise<MemoryResult> {
  const { fdLimit, connections } = connectionBudget();
  const port = await api.createProxy('bench_memory', echoPort);
  const idle = parseMemory(await readMemory());
  const sockets: Socket[] = [];
  try {
    const start = process.hrtime.bigint();
    for (let opened = 0; opened < connections; opened += BATCH) {
      const batch = Math.min(BATCH, connections - opened);
      // allSettled: every socket of the batch is tracked (and closed) even when one fails.
      const settled = await Promise.allSettled(
        Array.from({ length: batch }, async () => {
          const socket = await connectTo(port);
          sockets.push(socket);
          await pingPong(socket, 1);
        }),
      );
      const failed = settled.find((s) => s.status === 'rejected');
      if (failed) throw new Error(`opening connection ${sockets.length} of ${connections} failed: ${String(failed.reason)}`);
    }
    const openSeconds = round(Number(process.hrtime.bigint() - start) / 1e9, 2);
    const loaded = parseMemory(await readMemory());
    const per = (key: keyof MemoryReading): number => (connections ? ((loaded[key] - idle[key]) * MB) / connections : 0);
    return {
      fdLimit,
      connections,
      openSeconds,
      idle,
      loaded,
      perConnectionRssKB: round(per('rssMB') / 1000, 2),
      perConnectionHeapKB: round(per('heapUsedMB') / 1000, 2),
      projectedRssMB: round(idle.rssMB + (per('rssMB') * GOAL_CONNECTIONS) / MB, 1),
      projectedHeapUsedMB: round(idle.heapUsedMB + (per('heapUsedMB') * GOAL_CONNECTIONS) / MB, 1),
    };
  } finally {
    for (const socket of sockets) socket.destroy();
  }
}

function parseMemory(value: unknown): MemoryReading {
  const field = (key: string): number => {
    const bytes = isRecord(value) ? value[key] : undefined;
    if (typeof bytes !== 'number') throw new Error(`proxy memory reading lacks ${key}: ${JSON.stringify(value)}`);
    return round(bytes / MB, 2);
  };
  return { rssMB: field('rss'), heapUsedMB: field('heapUsed'), heapTotalMB: field('heapTotal'), externalMB: field('external') };
}
