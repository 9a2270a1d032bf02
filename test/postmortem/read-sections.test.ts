import { describe, expect, it } from 'vitest';
import { formatItemLine, parseItemLine } from '../../runner/postmortem/read-action-items.ts';
import { parseBody, renderBody } from '../../runner/postmortem/read-sections.ts';

describe('parseBody', () => {
  const body = [
    '# Title',
    '',
    '<!-- gameday:generated -->',
    'intro',
    '<!-- gameday:end -->',
    '<!-- gameday:section summary -->',
    '',
    '## Summary',
    '',
    '<!-- gameday:generated -->',
    '~~~',
    '<!-- gameday:end -->',
    '~~~',
    'machine',
    '<!-- gameday:end -->',
    'people',
    '## Added by people ##',
    '````',
    '## in code',
    '```',
    '<!-- gameday:section fake -->',
    '````',
    '<!-- gameday:section impact -->',
    'text before any heading',
    '## Not the impact heading',
    '',
  ].join('\n');

  it('is lossless', () => {
    expect(renderBody(parseBody(body))).toBe(body);
    for (const text of ['', '\n', 'no markers', '<!-- gameday:end -->\n', '<!-- gameday:generated -->\nopen']) {
      expect(renderBody(parseBody(text))).toBe(text);
    }
  });

  it('finds sections, headings and regions, ignoring what is inside code fences', () => {
    const parsed = parseBody(body, 10);
    expect(parsed.problems).toEqual([]);
    expect(parsed.hasMarkers).toBe(true);
    expect(parsed.preamble.map((c) => c.kind)).toEqual(['text', 'generated']);
    expect(parsed.sections.map((s) => [s.name, s.heading, s.line])).toEqual([
      ['summary', 'Summary', 15],
      [null, 'Added by people', 26],
      ['impact', '', 32],
      [null, 'Not the impact heading', 34],
    ]);
    const summary = parsed.sections[0];
    expect(summary?.chunks.map((c) => c.kind)).toEqual(['text', 'generated', 'text']);
    expect(summary?.chunks[1]?.lines).toEqual(['~~~', '<!-- gameday:end -->', '~~~', 'machine']);
  });

  it('reports markers that do not pair up', () => {
    const parsed = parseBody('<!-- gameday:generated -->\n<!-- gameday:generated -->\n<!-- gameday:end -->\n<!-- gameday:end -->\n<!-- gameday:section a -->\n<!-- gameday:section a -->\n<!-- gameday:generated -->\n');
    expect(parsed.problems).toEqual([
      { line: 2, message: 'gameday:generated inside the region opened on line 1' },
      { line: 4, message: 'gameday:end without a gameday:generated before it' },
      { line: 6, message: 'section "a" appears twice (first on line 5)' },
      { line: 7, message: 'gameday:generated has no gameday:end' },
    ]);
  });
});

describe('action item lines', () => {
  it('reads the id, tick, text, owner and due date, splitting at the last em dash', () => {
    expect(parseItemLine('- [X] AI-0a1b2c Fix p99 — before — bob, due 2025-02-14')).toEqual({
      lead: '- ', done: true, id: 'AI-0a1b2c', text: 'Fix p99 — before', owner: 'bob', due: '2025-02-14',
    });
    expect(parseItemLine('  * [ ] Write a runbook')).toEqual({
      lead: '  * ', done: false, id: null, text: 'Write a runbook', owner: undefined, due: undefined,
    });
    expect(parseItemLine('- [ ] AI-0A1B2C upper case is not an id — due 2025-01-01')).toMatchObject({ id: null, owner: undefined, due: '2025-01-01' });
    expect(parseItemLine('- not a task')).toBeNull();
  });

  it('writes what it reads', () => {
    for (const line of ['- [x] AI-0a1b2c Fix it — bob, due 2025-02-14', '- [ ] Fix it — due 2025-02-14', '- [ ] Fix it — bob', '- [ ] AI-0a1b2c Fix it']) {
      const item = parseItemLine(line);
      expect(item).not.toBeNull();
      if (item !== null) expect(formatItemLine(item)).toBe(line);
    }
  });
});
