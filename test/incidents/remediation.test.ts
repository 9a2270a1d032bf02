import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runRemediation, type RemediationRequest } from '../../runner/incidents/index.ts';

// The automated responder's remediation command, run for real with /bin/sh.

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gameday-remediation-'));
  mkdirSync(join(dir, 'scripts'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Whether a process is alive: a zombie (exited, not reaped where PID 1 does not reap) is not. */
const running = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
  } catch {
    return false;
  }
};

const request = (command: string, fields: Partial<RemediationRequest> = {}): RemediationRequest => ({
  incident: 'inc-1',
  command,
  cwd: undefined,
  timeoutMs: 10_000,
  dueAt: 0,
  ...fields,
});

it('runs the command in its directory, relative to the experiment file, and keeps the end of its output', async () => {
  const event = await runRemediation(request('pwd; echo restarted >&2', { cwd: 'scripts' }), { experimentDir: dir });
  expect(event).toMatchObject({ source: 'responder', type: 'remediation.ran', incident: 'inc-1', command: 'pwd; echo restarted >&2', ok: true });
  expect(event.type === 'remediation.ran' && event.detail).toMatch(new RegExp(`^exited with code 0 after .+; output: ${join(dir, 'scripts')}\\s+restarted$`));
});

it('reports a failing command with its exit code', async () => {
  const event = await runRemediation(request('echo nope; exit 3'), { experimentDir: dir });
  expect(event).toMatchObject({ ok: false, detail: expect.stringMatching(/^exited with code 3 after .+; output: nope$/) });
});

it('stops a command that outlives its timeout, with its whole process group', async () => {
  const event = await runRemediation(request('sleep 30 & echo $! > bg.pid; wait', { timeoutMs: 300 }), { experimentDir: dir, graceMs: 500 });
  expect(event).toMatchObject({ ok: false, detail: expect.stringMatching(/^stopped after its 300ms timeout \(SIGTERM\) after /) });
  const background = Number(readFileSync(join(dir, 'bg.pid'), 'utf8'));
  await expect.poll(() => running(background), { timeout: 5_000 }).toBe(false);
});

it('does not wait for a process the command left running in the background', async () => {
  const event = await runRemediation(request('sleep 5 & echo started'), { experimentDir: dir });
  expect(event).toMatchObject({ ok: true, detail: expect.stringMatching(/^exited with code 0 after .+; output: started$/) });
});

it('says so when its directory does not exist', async () => {
  const event = await runRemediation(request('true', { cwd: 'missing' }), { experimentDir: dir });
  expect(event).toMatchObject({ ok: false, detail: `did not start: its directory ${join(dir, 'missing')} does not exist (responder.remediation.cwd)` });
});

it('stops the command when the run is stopping', async () => {
  const controller = new AbortController();
  const pending = runRemediation(request('sleep 30'), { experimentDir: dir, signal: controller.signal });
  setTimeout(() => controller.abort(), 100);
  expect(await pending).toMatchObject({ ok: false, detail: expect.stringMatching(/^stopped because the run is stopping \(SIGTERM\)/) });
});
