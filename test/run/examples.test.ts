import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournal, type JournalEvent } from '../../runner/journal/index.ts';
import { runExperiment } from '../../runner/run/index.ts';
import { takeExamplePorts } from '../helpers/example-ports.ts';

/**
 * Whole game days on loopback: each example experiment starts the demo shop
 * and the embedded Toxiproxy, drills it and ends with the verdict its
 * hypothesis predicts. They share the demo's ports, so they run one by one.
 */
const runsDir = mkdtempSync(join(tmpdir(), 'gameday-examples-'));
let giveBackPorts: (() => void) | undefined;
// `gameday demo`'s test runs the same examples on the same ports: one file at a time.
beforeAll(async () => {
  giveBackPorts = await takeExamplePorts();
}, 600_000);
afterAll(() => {
  giveBackPorts?.();
  rmSync(runsDir, { recursive: true, force: true });
});

const sink = { write: () => {} };

/** The order a run that was not cut short goes through. */
const LIFECYCLE = [
  'run.started',
  'phase.started:preflight',
  'proxy.creating',
  'proxy.created',
  'service.started',
  'steady_state.checked:before',
  'phase.started:traffic',
  'phase.started:faults',
  'fault.injecting',
  'fault.injected',
  'fault.removing',
  'fault.removed',
  'phase.started:recovery',
  'recovery.checked',
  'phase.started:steady_state_after',
  'steady_state.checked:after',
  'phase.started:rollback',
  'proxy.deleted',
  'service.stopped',
  'rollback.completed',
  'run.ended',
];

const label = (e: JournalEvent): string[] => {
  if (e.type === 'phase.started') return [`${e.type}:${e.phase}`];
  if (e.type === 'steady_state.checked') return [`${e.type}:${e.when}`];
  return [e.type];
};

/** Whether `wanted` appears in `labels` in this order (other events may sit between). */
const inOrder = (labels: string[], wanted: string[]): string | undefined => {
  let at = 0;
  for (const step of wanted) {
    const found = labels.indexOf(step, at);
    if (found < 0) return `${step} missing after ${labels[at - 1] ?? 'the start'}`;
    at = found + 1;
  }
  return undefined;
};

describe.sequential('example experiments', () => {
  const cases = [
    { file: 'slow-payments.yaml', verdict: 'deviated', unmet: ['checkout-stays-fast'], alerts: ['checkout-slow'] },
    { file: 'inventory-down.yaml', verdict: 'deviated', unmet: ['products-keep-working'], alerts: ['products-failing'] },
    { file: 'flaky-network.yaml', verdict: 'held', unmet: [], alerts: [] },
    { file: 'saturated-link.yaml', verdict: 'held', unmet: [], alerts: [] },
  ] as const;

  for (const example of cases) {
    it(`${example.file} ends ${example.verdict}, with the journal in order and nothing left`, async () => {
      const outcome = await runExperiment({
        file: join('experiments', example.file),
        runsDir,
        env: {},
        output: sink,
      });
      const journal = readJournal(join(outcome.dir, 'journal.jsonl'));
      expect(journal.problems).toEqual([]);
      const events = journal.events;
      expect(inOrder(events.flatMap(label), LIFECYCLE)).toBeUndefined();

      // Every event carries a monotonic time that never goes back, and a wall time.
      for (let i = 1; i < events.length; i++) expect(events[i]!.t).toBeGreaterThanOrEqual(events[i - 1]!.t);

      // Each fault was injected (with its drift from the plan recorded) and removed.
      const injecting = events.filter((e) => e.type === 'fault.injecting');
      const injected = events.filter((e) => e.type === 'fault.injected');
      expect(injected).toHaveLength(injecting.length);
      for (const e of injected) expect(Number.isFinite(e.drift_ms)).toBe(true);
      expect(events.filter((e) => e.type === 'fault.removed')).toHaveLength(injected.length);

      // Every proxy the run made was deleted, every service stopped, and the rollback says so.
      const created = events.flatMap((e) => (e.type === 'proxy.created' ? [e.name] : []));
      const deleted = events.flatMap((e) => (e.type === 'proxy.deleted' ? [e.name] : []));
      expect(deleted.sort()).toEqual(created.sort());
      expect(created.every((name) => name.endsWith(`.gd-${outcome.runId}`))).toBe(true);
      const started = events.filter((e) => e.type === 'service.started').length;
      expect(events.filter((e) => e.type === 'service.stopped')).toHaveLength(started);
      expect(events.find((e) => e.type === 'rollback.completed')).toMatchObject({ complete: true, left: [] });

      const fired = new Set(events.flatMap((e) => (e.type === 'alert.triggered' ? [e.alert] : [])));
      expect([...fired].sort()).toEqual([...example.alerts]);
      expect(outcome.verdict).toBe(example.verdict);
      expect(outcome.exitCode).toBe(example.verdict === 'held' ? 0 : 1);
      expect(outcome.summary.expectations.filter((e) => !e.met).map((e) => e.name)).toEqual([...example.unmet]);
      expect(events.at(-1)).toMatchObject({ type: 'run.ended', verdict: example.verdict });

      const summary = JSON.parse(readFileSync(join(outcome.dir, 'run.json'), 'utf8'));
      expect(summary).toMatchObject({ run_id: outcome.runId, verdict: example.verdict, steady_state: { before: true, after: true } });
      expect(summary.traffic.requests).toBeGreaterThan(100);
    }, 90_000);
  }
});
