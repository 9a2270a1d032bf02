import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';

/** Helpers for recover tests: hand-written journals and real processes to stop. */

let seq = 0;

/** One journal line as `gameday run` would write it; `at` defaults to now. */
export const line = (type: string, fields: Record<string, unknown>, at = new Date()): string =>
  JSON.stringify({ seq: ++seq, t: seq * 10, at: at.toISOString(), source: 'runner', type, ...fields });

export const writeJournal = (dir: string, lines: readonly string[], tail = ''): void => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'journal.jsonl'), `${lines.join('\n')}\n${tail}`);
};

export const runStarted = (
  runId: string,
  pid: number,
  servers: { host: string; url: string; embedded: boolean }[],
  at = new Date(Date.now() - 60_000),
): string =>
  line(
    'run.started',
    {
      run_id: runId,
      experiment: { name: 'test', file: 'experiments/test.yaml', sha256: '0'.repeat(64) },
      servers,
      pid,
      plan: { faults_end: 1_000, end: 2_000, max_duration: 60_000 },
    },
    at,
  );

/** The pid of a process that has exited (and been reaped). */
export const deadPid = async (): Promise<number> => {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await once(child, 'exit');
  return child.pid!;
};

export interface Started {
  child: ChildProcess;
  pid: number;
  kill(): void;
}

/** A detached process group led by `/bin/sh -c script`; resolves once it printed `ready`. */
export const startGroup = async (script: string): Promise<Started> => {
  const child = spawn('/bin/sh', ['-c', script], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready')) resolve();
    });
    child.once('exit', () => reject(new Error(`${script} exited early`)));
  });
  const pid = child.pid!;
  return {
    child,
    pid,
    kill: () => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    },
  };
};

/** Live (not zombie) processes of a process group, read from /proc independently of the code under test. */
export const liveMembers = (pgid: number): number[] =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return fields[2] === String(pgid) && fields[0] !== 'Z' ? [Number(entry)] : [];
      } catch {
        return [];
      }
    });

export const waitFor = async (check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

/** The URL of a loopback port nothing listens on: bound once to learn a free number, then closed. */
export const closedPortUrl = async (): Promise<string> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
};
