/**
 * The embedded Toxiproxy-compatible server in its own process, as
 * `gameday toxiproxy` runs it: the API on 127.0.0.1, a free port. It
 * announces its URL and answers `memory` with process.memoryUsage() taken
 * right after a full GC (it is started with --expose-gc), so the heap figure
 * is what is retained, not garbage awaiting collection; and `cpu` with process.cpuUsage() (µs).
 */
import { startToxiproxyServer } from '../runner/toxiproxy/index.ts';
import { serveParent } from './ipc.ts';

const server = await startToxiproxyServer({ host: '127.0.0.1', port: 0, seed: 1 });
serveParent(
  { url: server.url, pid: process.pid },
  {
    memory: () => {
      globalThis.gc?.();
      return process.memoryUsage();
    },
    cpu: () => process.cpuUsage(),
  },
  () => server.close(),
);
