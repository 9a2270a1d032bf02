import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MissingInputError } from '../../runner/errors.ts';
import { readPostmortem, readPostmortemDir } from '../../runner/postmortem/read.ts';
import { generatedPostmortem } from './merge-fixture.ts';

const messages = (text: string, path = 'postmortems/x.md'): string[] =>
  readPostmortem(text, path).warnings.map((w) => `${w.line ?? '-'}:${w.column ?? '-'} ${w.message}`);

describe('readPostmortem', () => {
  it('reads a generated postmortem with no warnings', () => {
    const read = readPostmortem(generatedPostmortem(), 'postmortems/2025-01-31-checkout-latency-1a2b.md');
    expect(read.warnings).toEqual([]);
    expect(read.generated).toBe(true);
    expect(read.frontMatter.id).toBe('PM-run-1a2b');
    expect(read.frontMatter.timestamps?.detected).toBe('2025-01-31T10:00:42.000Z');
    expect(read.sections.map((s) => s.name)).toEqual(['summary', 'impact', 'what-went-well', 'action-items', 'supporting-data']);
    expect(read.sections[0]?.markdown).toBe('## Summary\n\nThe checkout service slowed down for 2m00s.');
    expect(read.actionItems).toEqual([
      { id: 'AI-aaaaaa', text: 'Make the alert checkout\\_slow fire within 60.0s', owner: 'payments', due: '2025-02-14', done: false, line: expect.any(Number) },
      { id: 'AI-bbbbbb', text: 'Make checkout recover by itself after latency ends', owner: 'payments', due: '2025-02-14', done: false, line: expect.any(Number) },
    ]);
    const lines = generatedPostmortem().split('\n');
    expect(lines[(read.actionItems[0]?.line ?? 0) - 1]).toContain('AI-aaaaaa');
    expect(lines[(read.sections[1]?.line ?? 0) - 1]).toBe('<!-- gameday:section impact -->');
  });

  it('reads a hand-written postmortem with no front matter: one warning, title and date from the file', () => {
    const text = '# Database failover, March\n\nWe lost the primary.\n\n## Action items\n\n- [x] Add a replica — dba, due 2025-04-01\n- [ ] Write a runbook\n';
    const read = readPostmortem(text, 'postmortems/2025-03-02-db-failover.md');
    expect(read.generated).toBe(false);
    expect(read.warnings.map((w) => w.message)).toEqual([
      'no front matter (a `---` block at the top); read as a hand-written postmortem',
    ]);
    expect(read.frontMatter).toEqual({ title: 'Database failover, March', date: '2025-03-02' });
    expect(read.sections).toEqual([
      { name: null, heading: 'Action items', line: 5, markdown: '## Action items\n\n- [x] Add a replica — dba, due 2025-04-01\n- [ ] Write a runbook' },
    ]);
    expect(read.actionItems).toEqual([
      { id: null, text: 'Add a replica', owner: 'dba', due: '2025-04-01', done: true, line: 7 },
      { id: null, text: 'Write a runbook', done: false, line: 8 },
    ]);
  });

  it('warns about each missing field of partial front matter and keeps what is there', () => {
    const text = '---\ntitle: Cache stampede\nstatus: reviewed\ntags: [cache]\nteam: platform\n---\nBody.\n';
    const read = readPostmortem(text, 'postmortems/cache.md');
    expect(read.frontMatter).toEqual({ title: 'Cache stampede', status: 'reviewed', tags: ['cache'] });
    expect(read.extra).toEqual({ team: 'platform' });
    const missing = read.warnings.map((w) => w.message);
    expect(missing).toContain('missing field `id`');
    expect(missing).toContain('missing field `timestamps`');
    expect(missing).toContain('missing field `date`');
    expect(missing).not.toContain('missing field `title`');
    expect(read.warnings.every((w) => w.path === 'postmortems/cache.md')).toBe(true);
    expect(read.warnings).toHaveLength(16);
  });

  it('drops a wrong-typed field with a warning naming it, at its line and column', () => {
    const text = [
      '---',
      'title: 42',
      'status: done',
      'date: "2025-01-31"',
      'services: [checkout, 7, payments]',
      'timestamps:',
      '  impact_start: null',
      '  detected: yesterday',
      'action_items:',
      '  - {id: AI-abcdef, text: Fix it, done: false, finding: null}',
      '  - {id: AI-XYZ, text: Broken, done: false, finding: null}',
      '---',
      '# Heading',
      '',
    ].join('\n');
    expect(messages(text).filter((m) => !m.includes('missing field'))).toEqual([
      '2:8 field `title`: Invalid input: expected string, received number (found 42); the field is ignored; used the first `# ` heading as the title',
      '3:9 field `status`: Invalid option: expected one of "draft"|"in_review"|"reviewed"|"closed" (found "done"); the field is ignored',
      '5:22 field `services[1]`: Invalid input: expected string, received number (found 7); the entry is ignored',
      '8:13 field `timestamps.detected`: Invalid ISO datetime (found "yesterday"); the whole `timestamps` is ignored',
      '7:3 field `timestamps.acknowledged` is missing; the whole `timestamps` is ignored',
      '7:3 field `timestamps.recovered` is missing; the whole `timestamps` is ignored',
      '7:3 field `timestamps.impact_end` is missing; the whole `timestamps` is ignored',
      '11:10 field `action_items[1].id`: expected AI- and 6 lowercase hex digits, e.g. AI-1a2b3c (found "AI-XYZ"); the entry is ignored',
    ]);
    const read = readPostmortem(text, 'postmortems/x.md');
    expect(read.frontMatter.title).toBe('Heading');
    expect(read.frontMatter.status).toBeUndefined();
    expect(read.frontMatter.timestamps).toBeUndefined();
    expect(read.frontMatter.services).toEqual(['checkout', 'payments']);
    expect(read.frontMatter.action_items).toEqual([{ id: 'AI-abcdef', text: 'Fix it', done: false, finding: null }]);
    expect(read.warnings.find((w) => w.field === 'status')?.path).toBe('postmortems/x.md');
  });

  it('reports a YAML syntax error with its line and column and reads no field', () => {
    const text = '---\ntitle: ok\nstatus: [draft\ntags: []\n---\n# Title\n';
    const read = readPostmortem(text, 'postmortems/2025-02-01-x.md');
    expect(read.warnings).toHaveLength(1);
    expect(read.warnings[0]).toMatchObject({ path: 'postmortems/2025-02-01-x.md', line: 4, column: 1 });
    expect(read.warnings[0]?.message).toMatch(/^the front matter is not valid YAML: .*; no field was read$/);
    // Nothing from the YAML; the title and date that the heading and the file name give.
    expect(read.frontMatter).toEqual({ title: 'Title', date: '2025-02-01' });
    expect(read.body).toBe('# Title\n');
  });

  it('reports front matter that is not a mapping, empty, or never closed', () => {
    expect(messages('---\n- a\n- b\n---\nx\n')).toEqual(['2:1 the front matter is not a mapping of `field: value` lines; no field was read']);
    expect(messages('---\n---\nx\n')).toEqual(['-:- the front matter is empty; no field was read']);
    expect(messages('---\ntitle: x\n\n# No end\n')).toEqual([
      '1:1 the front matter that starts on line 1 is never closed with a `---` line; read the file without it',
    ]);
  });

  it('reports markers that do not pair up, with the line in the file', () => {
    const text = '---\ntitle: t\n---\n<!-- gameday:section summary -->\n## Summary\n<!-- gameday:generated -->\ntext\n\n<!-- gameday:section impact -->\n## Impact\n<!-- gameday:end -->\n';
    const body = messages(text).filter((m) => !m.includes('missing field'));
    expect(body).toEqual([
      '6:1 gameday:generated has no gameday:end before the next section marker on line 9; the markers do not pair up',
      '11:1 gameday:end without a gameday:generated before it; the markers do not pair up',
    ]);
  });

  it('never throws, whatever the text', () => {
    for (const text of ['', '---', '---\n', '\uFEFF---\r\n*: [\r\n---\r\n', '---\n!!js/function x\n---\n', '---\na: &a [*a]\n---\n', '```\n## not a heading\n']) {
      expect(() => readPostmortem(text, 'p.md')).not.toThrow();
    }
    expect(readPostmortem('```\n## not a heading\n<!-- gameday:section x -->\n```\n', 'p.md').sections).toEqual([]);
  });
});

describe('readPostmortemDir', () => {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('reads every *.md but README.md, sorted, and reports and skips a file it cannot read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gameday-read-'));
    made.push(dir);
    writeFileSync(join(dir, 'README.md'), '# postmortems\n');
    writeFileSync(join(dir, 'b.md'), '# B\n');
    writeFileSync(join(dir, '2025-01-31-a.md'), generatedPostmortem());
    writeFileSync(join(dir, 'notes.txt'), 'not markdown\n');
    mkdirSync(join(dir, 'broken.md'));

    const result = await readPostmortemDir(dir);
    expect(result.postmortems.map((p) => p.path)).toEqual([join(dir, '2025-01-31-a.md'), join(dir, 'b.md')]);
    expect(result.postmortems[0]?.warnings).toEqual([]);
    expect(result.postmortems[1]?.frontMatter.title).toBe('B');
    expect(result.warnings).toEqual([{ path: join(dir, 'broken.md'), message: 'cannot read the file (EISDIR); skipped' }]);
  });

  it('fails with MissingInputError for a folder that does not exist', async () => {
    await expect(readPostmortemDir(join(tmpdir(), 'gameday-no-such-dir-xyz'))).rejects.toBeInstanceOf(MissingInputError);
  });
});
