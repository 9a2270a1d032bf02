/**
 * Fixtures for the services tests: small node programs written to a
 * temporary directory and started by the code under test, a free port, a
 * real journal, and a cleanup list that kills every process group a test
 * started even when the test failed half way.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JournalWriter, readJournal, type JournalEvent } from '../../runner/journal/index.ts';
import { freePort } from '../helpers/net.ts';

export { freePort };

/** The node binary running the tests, quoted for /bin/sh. */
export const NODE = JSON.stringify(process.execPath);

/**
 * An HTTP server on 127.0.0.1:$PORT: GET /health answers $HEALTH_STATUS
 * (200 by default) after listening for $READY_AFTER_MS. Prints a line to
 * stdout when listening and one to stderr on SIGTERM.
 */
export const SERVER_JS = `
import http from 'node:http';
const started = Date.now();
const readyAfter = Number(process.env.READY_AFTER_MS ?? 0);
const server = http.createServer((req, res) => {
  const ready = Date.now() - started >= readyAfter;
  res.writeHead(req.url === '/health' && ready ? Number(process.env.HEALTH_STATUS ?? 200) : 503).end('ok');
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening on ' + process.env.PORT));
process.on('SIGTERM', () => { console.error('got SIGTERM'); server.close(); process.exit(0); });
`;

/**
 * SERVER_JS that first spawns a grandchild (`grandchild.mjs`, in the same
 * process group), writes its pid to `grandchild.pid`, and listens only once
 * the grandchild is set up. With STUBBORN=1 the grandchild ignores SIGTERM.
 */
export const PARENT_JS = `
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
const child = spawn(process.execPath, ['grandchild.mjs'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
await new Promise((resolve) => child.once('message', resolve));
child.disconnect();
writeFileSync('grandchild.pid', String(child.pid));
await import('./server.mjs');
`;

export const GRANDCHILD_JS = `
if (process.env.STUBBORN === '1') process.on('SIGTERM', () => console.error('grandchild ignores SIGTERM'));
setInterval(() => {}, 1000);
process.send('ready');
`;

/** A temporary directory holding the programs above; removed by `cleanup`. */
export class Sandbox {
  readonly dir = mkdtempSync(join(tmpdir(), 'gameday-services-'));
  readonly runDir = join(this.dir, 'run');
  readonly journal: JournalWriter;

  constructor() {
    writeFileSync(join(this.dir, 'server.mjs'), SERVER_JS);
    writeFileSync(join(this.dir, 'parent.mjs'), PARENT_JS);
    writeFileSync(join(this.dir, 'grandchild.mjs'), GRANDCHILD_JS);
    this.journal = JournalWriter.create(this.runDir);
  }

  events(): JournalEvent[] {
    return readJournal(this.journal.path).events;
  }

  read(file: string): string {
    return readFileSync(join(this.dir, file), 'utf8');
  }

  /** Kills every group the journal says was started (a no-op for those already stopped), then removes the directory. */
  cleanup(): void {
    for (const event of this.events()) {
      if (event.type === 'service.started' && event.pgid !== undefined) killGroup(event.pgid);
    }
    this.journal.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const killGroup = (pgid: number): void => {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already gone
  }
};


/** Whether `pid` is a running process; a zombie (exited, not reaped) is not. */
export function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? '');
  } catch {
    return true; // no /proc: signal 0 is all we know
  }
}

/** Waits until `pid` is not running, up to `withinMs`. */
export async function gone(pid: number, withinMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (running(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** An HTTP health check in the experiment's output form (timeout in ms). */
export const healthAt = (port: number, extra: { status?: number | number[]; timeout?: number } = {}) => ({
  url: `http://127.0.0.1:${port}/health`,
  timeout: extra.timeout ?? 1_000,
  ...(extra.status === undefined ? {} : { status: extra.status }),
});
