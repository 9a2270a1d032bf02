import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { journalEventSchema, type JournalEvent } from '../../runner/journal/events.ts';
import { generatePostmortem } from '../../runner/postmortem/generate.ts';
import { mergePostmortem } from '../../runner/postmortem/merge.ts';
import { readPostmortem } from '../../runner/postmortem/read.ts';
import { compileTemplateSet } from '../../runner/postmortem/render.ts';
import { SECTION_NAMES } from '../../runner/postmortem/schema.ts';
import { loadTemplateSet } from '../../runner/postmortem/template-set.ts';

/** The contract between the generator and the merge, on the generator's real output (default template). */

const START = Date.parse('2025-01-31T10:00:00.000Z');

const journal = (recovered: boolean): JournalEvent[] => {
  let seq = 0;
  const event = (t: number, source: string, type: string, fields: object): JournalEvent =>
    journalEventSchema.parse({ seq: ++seq, t, at: new Date(START + t).toISOString(), source, type, ...fields });
  return [
    event(0, 'runner', 'run.started', {
      run_id: 'r-1a2b3c4d',
      experiment: { name: 'checkout-latency', file: 'experiments/checkout-latency.yaml', sha256: '0' },
      servers: [],
      pid: 1,
      plan: { faults_end: 60_000, end: 90_000, max_duration: 120_000 },
    }),
    event(10_000, 'runner', 'fault.injecting', { host: 'h', url: 'u', fault: 'slow-payments', proxy: 'payments', toxic: 't', kind: 'latency', planned_t: 10_000 }),
    event(10_010, 'runner', 'fault.injected', { fault: 'slow-payments', drift_ms: 10 }),
    event(20_000, 'traffic', 'traffic.summary', {
      window_ms: 10_000, requests: 100, failures: 30, error_rate: 0.3,
      latency_ms: { p50: 100, p90: 900, p99: 1500, max: 2000 }, errors: { timeout: 30 },
    }),
    event(60_000, 'runner', 'fault.removed', { fault: 'slow-payments', how: 'toxic_removed' }),
    event(80_000, 'runner', 'recovery.checked', {
      service: 'checkout', recovered, after_ms: recovered ? 4_000 : null, detail: recovered ? 'ok' : 'still slow',
    }),
    event(90_000, 'runner', 'run.ended', recovered
      ? { verdict: 'held', exit_code: 0, reason: 'steady state held' }
      : { verdict: 'deviated', exit_code: 1, reason: 'checkout did not recover' }),
  ];
};

const renderer = compileTemplateSet(loadTemplateSet(undefined, process.cwd()));
const generate = (recovered: boolean): string =>
  generatePostmortem(
    { events: journal(recovered), journalProblems: [], run: undefined, experiment: undefined, experimentFile: undefined },
    { renderer, version: '0.0.0-test' },
  ).text;

describe('merge and read on generated postmortems', () => {
  it('reads a generated postmortem with every section, its action items and no warning', () => {
    const text = generate(false);
    const read = readPostmortem(text, 'postmortems/2025-01-31-checkout-latency-1a2b.md');
    expect(read.warnings).toEqual([]);
    expect(read.sections.map((s) => s.name)).toEqual([...SECTION_NAMES]);
    expect(read.actionItems.map((i) => [i.id, i.done])).toEqual(read.frontMatter.action_items?.map((i) => [i.id, i.done]));
    expect(read.actionItems.length).toBeGreaterThan(0);
  });

  it('gives the generated text back over itself, and keeps people’s edits across a regeneration', () => {
    const first = generate(false);
    expect(mergePostmortem(first, first)).toEqual({ text: first, warnings: [], skipped: false });

    const item = /^- \[ \] (AI-[0-9a-f]{6}) (.*) — due (\S+)$/m.exec(first);
    expect(item).not.toBeNull();
    const [line, id] = item as unknown as [string, string];
    let edited = first.replace(line, `${line.replace('- [ ]', '- [x]').replace(' — due', ' — alice, due')}\n- [ ] Page the payments team too`);
    edited = edited.replace('## Response\n', '## Response\n\nWe were asleep; the pager was muted.\n');
    edited = edited.replace('status: draft', 'status: in_review');

    // The journal changes: checkout recovered after all, so the finding behind the item is gone.
    const second = generate(true);
    const result = mergePostmortem(edited, second);
    expect(result.skipped).toBe(false);
    expect(result.warnings).toEqual([`kept action item ${id}: its finding is gone, but it was ticked or edited`]);
    expect(result.text).toContain('We were asleep; the pager was muted.');
    expect(result.text).toContain('- [x] ' + id);
    expect(result.text).toContain('— alice, due');
    expect(result.text).toContain('- [ ] Page the payments team too');
    const front = parse(result.text.split('\n---\n')[0]?.slice(4) ?? '') as Record<string, unknown>;
    expect(front).toMatchObject({ status: 'in_review', verdict: 'held', action_items: [{ id, done: true, owner: 'alice', finding: null }] });
    expect(readPostmortem(result.text, 'x.md').warnings).toEqual([]);
    expect(mergePostmortem(result.text, second).text).toBe(result.text);
  });
});
