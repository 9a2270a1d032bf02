import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { startServices, type RunningServices } from '../../runner/services/index.ts';
import { freePort, gone, NODE, Sandbox } from './fixtures.ts';

const DEMO_DIR = fileURLToPath(new URL('../../experiments/demo', import.meta.url));

let box: Sandbox | undefined;
let services: RunningServices | undefined;
afterEach(async () => {
  await services?.stop();
  box?.cleanup();
  services = box = undefined;
});

it('starts and stops a demo service the way an experiment declares it', async () => {
  box = new Sandbox();
  const port = await freePort();
  services = await startServices(
    [
      {
        name: 'payments',
        health: { url: `http://127.0.0.1:${port}/health`, timeout: 2_000 },
        // node directly, not npx, so the signal reaches the service (see experiments/demo/README.md).
        start: { command: `exec ${NODE} --import tsx serve.ts payments --port ${port}`, ready_timeout: 20_000 },
      },
    ],
    { experimentDir: DEMO_DIR, runDir: box.runDir, journal: box.journal },
  );
  const [payments] = services.services;
  expect(await services.stop()).toEqual([expect.objectContaining({ exit: { code: 0, signal: null }, forced: false })]);
  expect(await gone(payments!.pid)).toBe(true);
  const events = box.events().filter((e) => e.type.startsWith('service.'));
  expect(events.map((e) => e.type)).toEqual(['service.started', 'service.stopped']);
});
