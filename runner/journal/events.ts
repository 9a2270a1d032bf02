import { z } from 'zod';
import { alertEvents } from './alert-events.ts';
import { event } from './event-base.ts';

/**
 * The journal's event types: one schema, which the runner writes and the
 * postmortem, insights and `gameday recover` read. Every event carries:
 * - `seq`: 1, 2, 3… in the order written;
 * - `t`: monotonic milliseconds since the run started (t = 0 is the run's start);
 * - `at`: wall-clock time (ISO 8601, UTC);
 * - `source`: which part of gameday (or which outside sender) it comes from;
 * - `type`: what happened, with the fields that type defines.
 */
const where = { host: z.string(), url: z.string() };
const percentiles = z.object({ p50: z.number(), p90: z.number(), p99: z.number(), max: z.number() });
const verdicts = ['held', 'deviated', 'not_started', 'aborted_stop_condition', 'aborted_operator', 'rollback_incomplete'] as const;

export const VERDICTS = verdicts;
export type Verdict = (typeof verdicts)[number];

export const journalEventSchema = z.discriminatedUnion('type', [
  event('run.started', {
    run_id: z.string(),
    experiment: z.object({ name: z.string(), file: z.string(), sha256: z.string() }),
    servers: z.array(z.object({ host: z.string(), url: z.string(), embedded: z.boolean() })),
    pid: z.number().int(),
    watchdog_pid: z.number().int().optional(),
    plan: z.object({ faults_end: z.number(), end: z.number(), max_duration: z.number() }),
  }),
  event('phase.started', {
    phase: z.enum(['preflight', 'traffic', 'faults', 'recovery', 'steady_state_after', 'rollback', 'verdict']),
  }),
  // Written when the start command is spawned, before its health check passes: `pgid` is what `gameday recover` kills.
  event('service.started', {
    service: z.string(),
    pid: z.number().int().optional(),
    url: z.string().optional(),
    pgid: z.number().int().optional().describe('Process group of the command and everything it spawned'),
    command: z.string().optional().describe('The start command, run with /bin/sh -c'),
    log: z.string().optional().describe('File receiving its stdout and stderr'),
  }),
  event('service.stopped', {
    service: z.string(),
    code: z.number().int().nullable().optional(),
    signal: z.string().nullable().optional().describe('Signal that ended the start command, e.g. SIGTERM; null when it exited with a code'),
    forced: z.boolean().optional().describe('SIGKILL was needed: it outlived the grace period after SIGTERM'),
    unexpected: z.boolean().optional().describe('It exited by itself, before gameday stopped it'),
    left_running: z.boolean().optional().describe('Processes of its group were still running after SIGKILL'),
  }),
  // Written BEFORE the call that creates it, so a crash between the two still leaves a trace to clean up.
  // Proxy and toxic names in proxy.* and fault.injecting are the server's, carrying the run id (runner/faults/names.ts).
  event('proxy.creating', { ...where, name: z.string(), listen: z.string(), upstream: z.string() }),
  event('proxy.created', { ...where, name: z.string(), listen: z.string() }),
  event('proxy.deleted', {
    ...where,
    name: z.string(),
    how: z.enum(['deleted', 'already_gone']).optional().describe('already_gone: it was not on the server any more (404, or its embedded server ended)'),
  }),
  event('fault.injecting', {
    ...where,
    fault: z.string(),
    proxy: z.string(),
    toxic: z.string().nullable().describe('Toxic name on the server; null for a `down` fault (proxy disabled)'),
    kind: z.string(),
    stream: z.string().optional(),
    toxicity: z.number().optional(),
    attributes: z.record(z.string(), z.number()).optional(),
    planned_t: z.number(),
  }),
  event('fault.injected', { fault: z.string(), drift_ms: z.number() }),
  event('fault.injection_failed', { fault: z.string(), error: z.string() }),
  event('fault.removing', { fault: z.string(), reason: z.enum(['scheduled', 'rollback']) }),
  event('fault.removed', {
    fault: z.string(),
    how: z.enum(['toxic_removed', 'proxy_enabled', 'proxy_disabled', 'proxy_deleted', 'already_gone']),
    escalated: z.string().optional().describe('Why the gentler step failed, when removal had to escalate (e.g. to disabling the proxy)'),
  }),
  event('fault.removal_failed', {
    fault: z.string(),
    error: z.string(),
    next: z.string(),
    left: z.string().optional().describe('What is still on the server, e.g. toxic X on proxy Y at URL'),
  }),
  event('traffic.summary', {
    window_ms: z.number(),
    requests: z.number().int(),
    failures: z.number().int(),
    error_rate: z.number(),
    latency_ms: percentiles.nullable(),
    errors: z.record(z.string(), z.number().int()).describe('Failures by kind: a status code, timeout, refused, reset…'),
  }),
  event('probe.summary', {
    probe: z.string(),
    window_ms: z.number(),
    checks: z.number().int(),
    failures: z.number().int(),
    latency_ms: percentiles.nullable(),
    last_error: z.string().nullable(),
  }),
  event('steady_state.checked', {
    when: z.enum(['before', 'after']),
    held: z.boolean(),
    probes: z.array(z.object({ probe: z.string(), held: z.boolean(), why: z.string().nullable() })),
  }),
  event('stop_condition.hit', { condition: z.string(), value: z.number().nullable(), detail: z.string() }),
  event('operator.abort', { signal: z.string() }),
  event('recovery.checked', {
    service: z.string(),
    recovered: z.boolean(),
    after_ms: z.number().nullable().describe('From the end of the last fault to the first check within tolerance'),
    detail: z.string(),
  }),
  ...alertEvents,
  event('rollback.step', { step: z.string(), ok: z.boolean(), detail: z.string() }),
  event('rollback.completed', { complete: z.boolean(), left: z.array(z.string()) }),
  event('preflight.failed', { reason: z.string() }),
  event('error', { message: z.string(), stack: z.string().optional() }),
  // The runner stopped without ending the run (kill -9, a crash) and `gameday recover` or the watchdog cleaned up after it.
  event('run.recovered', {
    runner_pid: z.number().int(),
    runner: z.enum(['gone', 'stale']).describe('gone: the runner process no longer exists; stale: it lives but stopped its heartbeat'),
    complete: z.boolean().describe('Whether nothing the run made is left'),
    removed: z.array(z.string()),
    left: z.array(z.string()).describe('What is still there, each with what to do by hand'),
  }),
  event('run.ended', { verdict: z.enum(verdicts), exit_code: z.number().int(), reason: z.string() }),
]);

export type JournalEvent = z.output<typeof journalEventSchema>;
export type EventType = JournalEvent['type'];
export type EventOf<T extends EventType> = Extract<JournalEvent, { type: T }>;
/** What a writer is given: everything but the fields it stamps itself. */
export type NewEvent = JournalEvent extends infer E ? (E extends JournalEvent ? Omit<E, 'seq' | 't' | 'at'> : never) : never;
