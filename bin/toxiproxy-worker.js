// The embedded Toxiproxy-compatible server in a worker thread: its own event
// loop, so the proxies and the runner do not slow each other, and it still
// ends with the process that started it (even on kill -9).
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { startToxiproxyServer } = await import('../runner/toxiproxy/index.ts');
const server = await startToxiproxyServer(workerData ?? {});
parentPort.on('message', async (message) => {
  if (message !== 'close') return;
  await server.close();
  parentPort.postMessage({ closed: true });
  parentPort.close();
});
parentPort.postMessage({ url: server.url });
