import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  compileTemplateSet,
  generatePostmortem,
  loadTemplateSet,
  mergePostmortem,
  oneLine,
  postmortemSchema,
  readPostmortem,
} from '../../runner/postmortem/index.ts';
import { ev, fault, fired, journal, source, started } from './events.ts';
import { generateFixture, REPO } from './fixture.ts';
import { generatedPostmortem } from './merge-fixture.ts';

// The timeline in the file: written into the front matter, read back leniently, rewritten on regeneration.

const renderer = compileTemplateSet(loadTemplateSet(undefined, REPO));
const frontMatterOf = (text: string): Record<string, unknown> => parse(text.slice(4, text.indexOf('\n---\n', 4))) as Record<string, unknown>;

const HOSTILE = [
  'a: b # c', '---', '--- x', '"quoted" and \'single\'', 'line\nbreak', '- [ ] AI-000000 x', '{x}', '[y]', 'null', 'true', '42', '1e3',
  '&anchor *alias !tag', '%percent', '@at', '`tick', '|', '>', '? q', 'lone \ud800 surrogate', 'bom\ufeff', 'ls\u2028ps', '<!-- gameday:end -->',
];

describe('hostile text in timeline labels', () => {
  it('survives the YAML round trip, in a file the lenient reader reads without a warning', () => {
    const events = journal(
      started(),
      ...HOSTILE.flatMap((text, i) => fault(1_000 + i * 10, 5_000, text)),
      ...HOSTILE.map((text, i) => fired(2_000 + i * 10, text, { dedup_key: `${text}-${i}`, service: text })),
      ...HOSTILE.map((text, i) => ev(3_000 + i * 10, 'responder.note', { incident: null, by: text, text })),
      ...HOSTILE.map((text, i) => ev(6_000 + i * 10, 'recovery.checked', { source: 'probe', service: text, recovered: true, after_ms: i, detail: 'ok' })),
    );
    const { text, frontMatter } = generatePostmortem(source(events), { renderer, version: 'test' });
    const labels = frontMatter.timeline.map((e) => e.label);
    for (const hostile of HOSTILE.map(oneLine)) {
      expect(labels).toContain(`${hostile} recovered`);
      expect(labels).toContain(`note by ${hostile}: ${hostile}`);
    }
    expect(frontMatter.timeline).toHaveLength(1 + HOSTILE.length * 4);
    expect(frontMatterOf(text).timeline).toEqual(frontMatter.timeline);
    expect(postmortemSchema.parse(frontMatterOf(text)).timeline).toEqual(frontMatter.timeline);
    const read = readPostmortem(text, 'postmortems/hostile.md');
    expect(read.warnings).toEqual([]);
    expect(read.frontMatter.timeline).toEqual(frontMatter.timeline);
  });
});

describe('the lenient reader', () => {
  it('reads a file without a timeline with no warning about it, and fills nothing in', () => {
    const read = readPostmortem(generatedPostmortem(), 'postmortems/2025-01-31-checkout-latency-1a2b.md');
    expect(read.warnings).toEqual([]);
    expect(read.frontMatter.timeline).toBeUndefined();
    expect(postmortemSchema.parse(frontMatterOf(generatedPostmortem())).timeline).toEqual([]);
  });

  it('warns about a bad timeline entry, naming the field, and keeps the good ones', () => {
    const good = '  - {kind: run, label: the run, start: "2025-01-31T10:00:00.000Z", end: null}';
    const text = generatedPostmortem().replace(
      '\ntags: []',
      ['', 'timeline:', good, '  - {kind: outage, label: x, start: "2025-01-31T10:00:00.000Z", end: null}', '  - {kind: alert, label: "", start: yesterday}', 'tags: []'].join('\n'),
    );
    const read = readPostmortem(text, 'postmortems/x.md');
    expect(read.frontMatter.timeline).toEqual([{ kind: 'run', label: 'the run', start: '2025-01-31T10:00:00.000Z', end: null }]);
    expect(read.warnings.map((w) => [w.field, w.message.replace(/:.*?;/, ':…;')])).toEqual([
      ['timeline[1].kind', 'field `timeline[1].kind`:…; the entry is ignored'],
      ['timeline[2].label', 'field `timeline[2].label`:…; the entry is ignored'],
      ['timeline[2].start', 'field `timeline[2].start`:…; the entry is ignored'],
      ['timeline[2].end', 'field `timeline[2].end` is missing; the entry is ignored'],
    ]);
    expect(read.warnings[0]?.line).toBe(text.split('\n').findIndex((line) => line.includes('kind: outage')) + 1);
  });

  it('warns about a timeline that is not a list, and ignores it', () => {
    const read = readPostmortem(generatedPostmortem().replace('\ntags: []', '\ntimeline: soon\ntags: []'), 'postmortems/x.md');
    expect(read.frontMatter.timeline).toBeUndefined();
    expect(read.warnings.map((w) => w.message)).toEqual(['field `timeline`: Invalid input: expected array, received string (found "soon"); the field is ignored']);
  });
});

describe('regeneration', () => {
  it('rewrites the timeline, whatever the file had', () => {
    const { text } = generateFixture('slow-payments');
    const edited = text.replace('label: checkout-slow', 'label: our own name').replace('status: draft', 'status: in_review');
    const merged = mergePostmortem(edited, text);
    expect(merged.warnings).toEqual([]);
    expect(frontMatterOf(merged.text).timeline).toEqual(frontMatterOf(text).timeline);
    expect(frontMatterOf(merged.text).status).toBe('in_review');
  });

  it('adds the timeline after action_items to a file written before it existed', () => {
    const { text } = generateFixture('slow-payments');
    const before = text.replace(/\ntimeline:\n(?: {2}.*\n)+/, '\n');
    expect(frontMatterOf(before).timeline).toBeUndefined();
    const merged = mergePostmortem(before, text);
    expect(merged.text).toBe(text);
    expect(Object.keys(frontMatterOf(merged.text)).slice(-5)).toEqual(['action_items', 'timeline', 'tags', 'related', 'generator']);
  });
});
