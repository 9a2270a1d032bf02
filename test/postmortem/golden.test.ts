import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { formatMarkdown, postmortemSchema, readPostmortem, SECTION_NAMES } from '../../runner/postmortem/index.ts';
import { FIXTURE_RUNS, FIXTURES, generateFixture, loadFixture } from './fixture.ts';

// Fixed journals give the exact Markdown in fixtures/<run>/expected.md. After a deliberate change to the
// output, UPDATE_GOLDEN=1 npx vitest run test/postmortem/golden.test.ts rewrites them; review the diff.

afterEach(() => void vi.useRealTimers());

const frontMatterOf = (text: string): unknown => parse(text.slice(4, text.indexOf('\n---\n', 4)));

describe.each(FIXTURE_RUNS)('the postmortem of the %s run', (name) => {
  it('is the golden file, byte for byte', () => {
    const { text } = generateFixture(name);
    const golden = join(FIXTURES, name, 'expected.md');
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, text);
    expect(text).toBe(readFileSync(golden, 'utf8'));
  });

  it('does not depend on the clock: dates come from the journal', () => {
    const before = generateFixture(name).text;
    vi.useFakeTimers({ now: new Date('2031-07-04T23:59:59Z'), toFake: ['Date'] });
    expect(generateFixture(name).text).toBe(before);
  });

  it('round-trips through remark (GFM, front matter) unchanged', () => {
    const { text } = generateFixture(name);
    expect(formatMarkdown(text)).toBe(text);
  });

  it('has front matter the shared schema accepts, and every section in order', () => {
    const { text, frontMatter } = generateFixture(name);
    expect(postmortemSchema.parse(frontMatterOf(text))).toEqual(frontMatter);
    const read = readPostmortem(text, `postmortems/${name}.md`);
    expect(read.warnings).toEqual([]);
    expect(read.generated).toBe(true);
    expect(read.sections.map((s) => s.name)).toEqual([...SECTION_NAMES]);
    expect(read.actionItems.map((item) => item.id)).toEqual(frontMatter.action_items.map((item) => item.id));
  });
});

describe('fixture runs', () => {
  it('name their files <date>-<experiment>-<4 hex of the run id>.md', () => {
    expect(FIXTURE_RUNS.map((name) => generateFixture(name).fileName)).toEqual([
      '2025-03-01-slow-payments-3f2a.md',
      '2025-03-02-checkout-drill-b7c1.md',
      '2025-03-03-checkout-drill-0c9e.md',
    ]);
  });

  it('warn about what a run that stopped half-way lacks, and still give a postmortem', () => {
    expect(loadFixture('unfinished').warnings).toEqual([
      'journal.jsonl:9: unfinished last line (the run stopped while writing it); the line is left out',
      'no run.json (the run did not finish); expectations are judged from the journal where it can',
      'experiment file missing.yaml not found; owners and expectations come from the journal alone',
    ]);
    const { frontMatter } = generateFixture('unfinished');
    expect(frontMatter).toMatchObject({ verdict: 'unfinished', timestamps: { impact_end: null }, durations_ms: { impact: null } });
  });

  it('measure the real slow-payments run as the run itself did (run.json)', () => {
    const { frontMatter } = generateFixture('slow-payments');
    expect(frontMatter).toMatchObject({
      verdict: 'deviated',
      severity: 'SEV3',
      durations_ms: { time_to_detect: 2160, time_to_acknowledge: null, time_to_recover: 1275, impact: 9274 },
      alerts: { received: 1, unique: 1, expected_fired: 1, expected_missed: 0, noise: 0 },
      fingerprints: ['checkout-to-payments:latency:checkout-stays-fast'],
      action_items: [{ text: 'Make checkout-stays-fast hold during payments-slow, or revise the expectation', owner: 'team-web', due: '2025-03-15', done: false, finding: 'failed-expectation:checkout-stays-fast' }],
    });
  });
});
