/**
 * The alert receiver in its own process, as a run hosts it: startReceiver on
 * 127.0.0.1 with onAlerts writing one `alert.received` event per alert to a
 * real journal (runner/journal JournalWriter, a synchronous write each) in a
 * temporary directory. Announces its URL, secret and journal path; answers
 * `cpu` (process.cpuUsage(), µs), `received` (alerts journaled so far) and
 * `finish` (stops the server and closes the journal, so the bench can read
 * it whole, and tells how long journal writes and the event loop stalled).
 * The directory is removed when the helper closes.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { JournalWriter } from '../runner/journal/index.ts';
import { startReceiver } from '../runner/receiver/index.ts';
import { serveParent } from './ipc.ts';

const dir = mkdtempSync(join(tmpdir(), 'gameday-bench-receiver-'));
const journal = JournalWriter.create(dir);
const secret = randomBytes(16).toString('hex');
let received = 0;
/** Journal writes (one onAlerts call) slower than SLOW_WRITE_MS, and the slowest, ms: a stalled disk shows here. */
const SLOW_WRITE_MS = 10;
const writes = { slow: 0, slowestMs: 0 };
/** Event loop delay, ns: a process starved of CPU shows here. */
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const server = await startReceiver({
  secret,
  onAlerts(alerts, receiver) {
    const start = performance.now();
    for (const alert of alerts) journal.write({ source: 'receiver', type: 'alert.received', alert, receiver });
    received += alerts.length;
    const ms = performance.now() - start;
    if (ms > SLOW_WRITE_MS) writes.slow++;
    if (ms > writes.slowestMs) writes.slowestMs = ms;
  },
});

let finished: Promise<void> | undefined;
const finish = (): Promise<void> =>
  (finished ??= server.close().finally(() => journal.close()));

serveParent(
  { url: server.url, port: server.port, secret, journal: journal.path, pid: process.pid },
  {
    cpu: () => process.cpuUsage(),
    received: () => received,
    finish: () =>
      finish().then(() => ({
        received,
        slowWrites: writes.slow,
        slowestWriteMs: Math.round(writes.slowestMs * 10) / 10,
        loopDelayP99Ms: Math.round(loopDelay.percentile(99) / 1e5) / 10,
        loopDelayMaxMs: Math.round(loopDelay.max / 1e5) / 10,
      })),
  },
  async () => {
    await finish();
    rmSync(dir, { recursive: true, force: true });
  },
);
