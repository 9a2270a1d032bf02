import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  loadScheduleText,
  resolveSchedule,
  type DrillResult,
  type ResolvedSchedule,
  type RunDrill,
  type ScheduleClock,
  type ScheduleEvent,
} from '../../runner/schedule/index.ts';

/**
 * Fixtures for the scheduler: a virtual clock (sleeps return at once with
 * the time moved on), schedules from text, a fake drill that records what
 * it was asked, and an event log to read.
 */

export interface VirtualClock extends ScheduleClock {
  set(ms: number): void;
  advance(ms: number): void;
  /** Called once, when a sleep would take the time to or past `ms` (the test stops the scheduler there). */
  stopAt(ms: number, then: () => void): void;
}

export const virtualClock = (startMs: number): VirtualClock => {
  let now = startMs;
  let limit: { ms: number; then: () => void } | undefined;
  return {
    now: () => now,
    async sleep(ms, signal) {
      // A real turn of the event loop, so timers and sockets of the test still get theirs.
      await new Promise((resolve) => setImmediate(resolve));
      if (signal?.aborted === true) return;
      now += ms;
      if (limit !== undefined && now >= limit.ms) {
        const { then } = limit;
        limit = undefined;
        then();
      }
    },
    set: (ms) => (now = ms),
    advance: (ms) => (now += ms),
    stopAt: (ms, then) => (limit = { ms, then }),
  };
};

export const at = (iso: string): number => Date.parse(iso);

/** A schedule from YAML text, as if its file were `<dir>/schedule.yaml`; throws with the problems when it is invalid. */
export const scheduleFrom = (text: string, dir: string): ResolvedSchedule => {
  const loaded = loadScheduleText(text, 'schedule.yaml');
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => `${p.line}:${p.col} ${p.path} ${p.message}`).join('\n'));
  return resolveSchedule(loaded.schedule, join(dir, 'schedule.yaml'), join(dir, 'schedule.yaml'));
};

export interface FakeDrill {
  drill: RunDrill;
  /** Entry names in the order they were drilled, with the virtual time each started. */
  calls: { entry: string; at: number }[];
}

/** A drill that ends at once (or after `hold` resolves), held; `clock` tells when it started; `takesMs` moves virtual time on. */
export const fakeDrill = (clock: ScheduleClock & { advance?(ms: number): void }, options: { takesMs?: number; hold?: () => Promise<void> } = {}): FakeDrill => {
  const calls: FakeDrill['calls'] = [];
  const drill: RunDrill = async ({ entry }) => {
    calls.push({ entry: entry.name, at: clock.now() });
    await options.hold?.();
    if (options.takesMs !== undefined) clock.advance?.(options.takesMs);
    const result: DrillResult = { runId: `run-${calls.length}`, dir: `/nonexistent/run-${calls.length}`, verdict: 'held', exitCode: 0, reason: '' };
    return result;
  };
  return { drill, calls };
};

export const recorder = (): { events: ScheduleEvent[]; onEvent(event: ScheduleEvent): void; lines(kind?: string): string[] } => {
  const events: ScheduleEvent[] = [];
  return {
    events,
    onEvent: (event) => events.push(event),
    lines: (kind) => events.filter((e) => kind === undefined || e.kind === kind).map((e) => `${e.kind}${e.entry === undefined ? '' : ` ${e.entry}`}: ${e.text}`),
  };
};

/** A temporary directory (real path), removed by the returned cleanup. */
export const tempDir = (prefix: string): { dir: string; remove(): void } => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
};

export const write = (dir: string, name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

/** Never resolves: the operator never presses Ctrl-C. */
export const noStop = new Promise<string>(() => {});

/** A clock that stands still: its sleeps end only when the scheduler is stopped (to ask a waiting scheduler things). */
export const frozenClock = (ms: number): ScheduleClock => ({
  now: () => ms,
  sleep: (_ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted === true) resolve();
      signal?.addEventListener('abort', () => resolve(), { once: true });
    }),
});
