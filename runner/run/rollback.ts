import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { footprintOf, removeEverything, removeFault, type Footprint } from '../faults/index.ts';
import { readJournal } from '../journal/index.ts';
import type { RunningServices } from '../services/index.ts';
import type { RunContext } from './context.ts';
import { faultContext, type DrillState } from './drill.ts';
import { message } from './preflight.ts';

/**
 * Undoes everything the run did, whatever happened before: the active
 * faults (with escalation), every proxy the journal says the run made (and
 * nothing else: servers are shared), the services it started, then the
 * experiment's own rollback commands. Returns what could not be undone.
 */
export async function rollback(context: RunContext, state: DrillState, services: RunningServices | undefined): Promise<string[]> {
  const { journal } = context;
  journal.write({ source: 'runner', type: 'phase.started', phase: 'rollback' });
  // No new requests while the run's proxies go; those in flight finish and are recorded.
  const traffic = state.traffic?.stop();
  const left = await cleanEachHost(context, state);
  await traffic;
  for (const stopped of (await services?.stop()) ?? []) {
    if (stopped.leftRunning) left.push(`service ${stopped.name}: processes still running after SIGKILL (see ${context.dir}/services/${stopped.name}.log)`);
  }
  for (const step of context.experiment.safety.rollback) {
    const { ok, detail } = await runStep(step.command, resolve(dirname(context.experimentFile), step.cwd ?? '.'), step.timeout);
    journal.write({ source: 'runner', type: 'rollback.step', step: step.name, ok, detail });
    if (!ok) left.push(`rollback step ${step.name}: ${detail}`);
    context.say(`  rollback ${step.name}: ${ok ? 'done' : `FAILED: ${detail}`}`);
  }
  journal.write({ source: 'runner', type: 'rollback.completed', complete: left.length === 0, left });
  for (const line of left) context.say(`LEFT BEHIND: ${line}`);
  return left;
}

/**
 * Every Toxiproxy host at once, each on its own: the faults still active
 * there (with escalation), then everything the journal says the run made
 * there. A host that does not answer (each call waits out the client's
 * timeout) holds up only its own cleanup, never the other hosts'.
 */
async function cleanEachHost(context: RunContext, state: DrillState): Promise<string[]> {
  const faults = faultContext(context);
  const atStart = footprintOf(readJournal(context.journal.path).events);
  const hosts = new Set([...context.servers.keys(), ...atStart.proxies.map((p) => p.host), ...atStart.faults.map((f) => f.host)]);
  const results = await Promise.all(
    [...hosts].map(async (host) => {
      for (const fault of [...state.active.values()].filter((active) => active.host === host)) {
        const result = await removeFault(fault, faults, { reason: 'rollback' });
        if (result.removed) state.active.delete(fault.name);
      }
      // Read again: what was just removed is journaled as removed, and is not removed twice.
      const now = footprintOf(readJournal(context.journal.path).events);
      const server = context.servers.get(host);
      const here: Footprint = { proxies: now.proxies.filter((p) => p.host === host), faults: now.faults.filter((f) => f.host === host) };
      return removeEverything(here, { ...faults, servers: new Map(server === undefined ? [] : [[host, server]]) });
    }),
  );
  return results.flatMap((result) => result.left);
}

/** Runs one rollback command (sh -c) with a time limit, ms; ok when it exits 0 in time. */
function runStep(command: string, cwd: string, timeoutMs: number): Promise<{ ok: boolean; detail: string }> {
  return new Promise((done) => {
    let output = '';
    const child = spawn('/bin/sh', ['-c', command], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-2000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      done({ ok: false, detail: message(error) });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const tail = output.trim().split('\n').slice(-3).join(' | ');
      if (code === 0) done({ ok: true, detail: tail === '' ? 'exit 0' : tail });
      else done({ ok: false, detail: `${signal === null ? `exit ${code}` : `stopped by ${signal} after ${timeoutMs / 1000}s`}${tail === '' ? '' : `: ${tail}`}` });
    });
  });
}
