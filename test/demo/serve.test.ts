import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parseServeArgs } from '../../experiments/demo/serve-args.ts';
import { call, Opened, startFakeService, waitUntil } from './helpers.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SERVE = fileURLToPath(new URL('../../experiments/demo/serve.ts', import.meta.url));

describe('parseServeArgs', () => {
  it('reads the service, host, port and repeated --dep', () => {
    expect(
      parseServeArgs(['storefront', '--port', '18080', '--dep', 'checkout=http://127.0.0.1:18091', '--dep=inventory=http://127.0.0.1:18092']),
    ).toEqual({
      help: false,
      service: 'storefront',
      host: '127.0.0.1',
      port: 18080,
      dependencies: { checkout: 'http://127.0.0.1:18091', inventory: 'http://127.0.0.1:18092' },
    });
    expect(parseServeArgs(['payments', '--host', '0.0.0.0'])).toMatchObject({ host: '0.0.0.0', port: 0, dependencies: {} });
    expect(parseServeArgs(['--help'])).toEqual({ help: true });
  });

  it.each([
    [[], 'expected exactly one service name'],
    [['payments', 'inventory'], 'expected exactly one service name'],
    [['payments', '--port', 'http'], '--port must be an integer from 0 to 65535, got "http"'],
    [['payments', '--port', '70000'], '--port must be an integer'],
    [['checkout', '--dep', 'payments'], '--dep takes NAME=URL'],
    [['checkout', '--dep', 'payments=http://a:1', '--dep', 'payments=http://b:1'], '--dep payments given twice'],
    [['payments', '--verbose'], "Unknown option '--verbose'"],
  ])('rejects %j', (argv, message) => {
    expect(() => parseServeArgs(argv)).toThrow(message);
  });
});

interface Child {
  stdout: string;
  stderr: string;
  exit: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

const running: Child[] = [];
const opened = new Opened();
afterEach(async () => {
  for (const child of running.splice(0)) child.kill('SIGKILL');
  await opened.closeAll();
});

/** Runs serve.ts as the runner will: node with the tsx loader. */
function serve(args: readonly string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVE, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const result: Child = {
    stdout: '',
    stderr: '',
    exit: new Promise((resolve) => child.once('close', (code) => resolve(code))),
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (result.stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (result.stderr += chunk));
  running.push(result);
  return result;
}

describe('serve.ts as a process', () => {
  it('prints one JSON line when listening, serves, and stops on SIGTERM with exit 0', async () => {
    const checkout = opened.track(await startFakeService(201, { orderId: 'ord_1' }));
    const child = serve(['storefront', '--port', '0', '--dep', `checkout=${checkout.url}`, '--dep', 'inventory=http://127.0.0.1:1']);
    await waitUntil(() => child.stdout.includes('\n'), `the JSON line (stderr: ${child.stderr})`, 15_000);
    const line = JSON.parse(child.stdout.trim()) as { service: string; url: string };
    expect(line).toEqual({ service: 'storefront', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });

    expect((await call(line.url, 'GET', '/health')).json).toEqual({ status: 'ok' });
    expect((await call(line.url, 'POST', '/checkout', { body: { sku: 'gd-tshirt', quantity: 1 } })).status).toBe(201);
    // inventory points at a closed port: the failure is logged to stderr as JSON, stdout stays one line.
    expect((await call(line.url, 'GET', '/products')).status).toBe(502);
    await waitUntil(() => child.stderr.includes('upstream_failed'), 'a log line on stderr');

    child.kill('SIGTERM');
    expect(await child.exit).toBe(0);
    expect(child.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('stops on SIGINT too', async () => {
    const child = serve(['payments']);
    await waitUntil(() => child.stdout.includes('\n'), `the JSON line (stderr: ${child.stderr})`, 15_000);
    child.kill('SIGINT');
    expect(await child.exit).toBe(0);
  });

  it('exits 2 with the reason when a dependency is missing', async () => {
    const child = serve(['checkout', '--dep', 'payments=http://127.0.0.1:1']);
    expect(await child.exit).toBe(2);
    expect(child.stderr).toContain('serve: checkout needs the base URL of inventory');
    expect(child.stdout).toBe('');
  });
});
