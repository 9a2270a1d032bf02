import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { mergePostmortem } from '../../runner/postmortem/merge.ts';
import { readPostmortem } from '../../runner/postmortem/read.ts';
import { DEFAULT_ITEMS, generatedPostmortem, type FixtureItem } from './merge-fixture.ts';

/** Replaces one occurrence of `from`, which must be there (so a test cannot pass by editing nothing). */
const edit = (text: string, from: string, to: string): string => {
  expect(text).toContain(from);
  return text.replace(from, to);
};

const frontMatterOf = (text: string): Record<string, unknown> =>
  parse(text.split('\n---\n')[0]?.replace(/^---\n/, '') ?? '') as Record<string, unknown>;

const v1 = generatedPostmortem();
const v2 = generatedPostmortem({ version: 2 });

const merged = (existing: string, generated: string): string => {
  const result = mergePostmortem(existing, generated);
  expect(result.skipped).toBe(false);
  return result.text;
};

describe('mergePostmortem: machine parts are refreshed', () => {
  it('gives the generated text itself over an untouched file', () => {
    expect(mergePostmortem(v1, v1)).toEqual({ text: v1, warnings: [], skipped: false });
    expect(mergePostmortem(v1, v2)).toEqual({ text: v2, warnings: [], skipped: false });
  });

  it('replaces what a person typed inside a generated region (it is the machine’s)', () => {
    const existing = edit(v1, 'The checkout service slowed down for 2m00s.', 'I changed the machine text.');
    expect(merged(existing, v2)).toBe(v2);
  });
});

describe('mergePostmortem: people’s text is kept', () => {
  it('keeps narrative text before, between and after generated regions, and refreshes the regions', () => {
    let existing = edit(v1, '## Impact\n\n', '## Impact\n\nBefore the numbers: we were paged late.\n\n');
    existing = edit(existing, '| errors | 1 |\n<!-- gameday:end -->\n', '| errors | 1 |\n<!-- gameday:end -->\n\nAfter: it was Friday.\n');
    existing = edit(existing, '- Version 1: the alert fired.\n<!-- gameday:end -->\n', '- Version 1: the alert fired.\n<!-- gameday:end -->\n- Alice knew the runbook by heart.\n');
    const text = merged(existing, v2);
    expect(text).toContain('## Impact\n\nBefore the numbers: we were paged late.\n\n<!-- gameday:generated -->\nRequests failed: 20.\n');
    expect(text).toContain('| errors | 2 |\n<!-- gameday:end -->\n\nAfter: it was Friday.\n');
    expect(text).toContain('- Version 2: the alert fired.\n<!-- gameday:end -->\n- Alice knew the runbook by heart.\n');
    expect(text).not.toContain('Requests failed: 10.');
    expect(text).toContain('Summary, version 2.');
  });

  it('keeps a section people added where they put it, with a code block that looks like markers', () => {
    const added = [
      '## Our retro notes',
      '',
      '```md',
      '<!-- gameday:section summary -->',
      '## not a heading',
      '<!-- gameday:end -->',
      '```',
      '',
      '',
    ].join('\n');
    const existing = edit(v1, '<!-- gameday:section action-items -->', `${added}<!-- gameday:section action-items -->`);
    const text = merged(existing, v2);
    expect(text).toContain(`- Version 2: the alert fired.\n<!-- gameday:end -->\n\n${added}<!-- gameday:section action-items -->`);
    expect(readPostmortem(text, 'x.md').sections.map((s) => s.name)).toEqual([
      'summary', 'impact', 'what-went-well', null, 'action-items', 'supporting-data',
    ]);
  });

  it('keeps the fields people own (title, status, tags, related, their own keys and comments) and refreshes the rest', () => {
    let existing = edit(v1, 'title: Checkout latency drill', 'title: "Checkout: the slow Friday" # renamed in review');
    existing = edit(existing, 'status: draft', 'status: reviewed');
    existing = edit(existing, 'tags: []', 'tags:\n  - checkout\n  - friday');
    existing = edit(existing, 'related: []', 'related: [PM-run-0001]\nowner: team-payments');
    const text = merged(existing, v2);
    const front = frontMatterOf(text);
    expect(front).toMatchObject({
      title: 'Checkout: the slow Friday',
      status: 'reviewed',
      tags: ['checkout', 'friday'],
      related: ['PM-run-0001'],
      owner: 'team-payments',
      durations_ms: { time_to_detect: 42_002 },
      alerts: { received: 5 },
      generator: { version: '0.1.2', template: 'default' },
    });
    expect(text).toContain('title: "Checkout: the slow Friday" # renamed in review\n');
    expect(Object.keys(front).indexOf('owner')).toBe(Object.keys(front).indexOf('related') + 1);
    expect(readPostmortem(text, 'x.md').warnings).toEqual([]);
  });

  it('warns when it keeps a person’s front-matter value that the schema rejects', () => {
    const result = mergePostmortem(edit(v1, 'status: draft', 'status: done'), v2);
    expect(frontMatterOf(result.text).status).toBe('done');
    expect(result.warnings).toEqual([
      'front matter `status`: kept your value "done", although it is not valid (Invalid option: expected one of "draft"|"in_review"|"reviewed"|"closed")',
    ]);
  });
});

describe('mergePostmortem: action items', () => {
  const a = '- [ ] AI-aaaaaa Make the alert checkout\\_slow fire within 60.0s — payments, due 2025-02-14';
  const b = '- [ ] AI-bbbbbb Make checkout recover by itself after latency ends — payments, due 2025-02-14';

  it('keeps ticks, owners, due dates, edited text and added items, with the front matter following the body', () => {
    let existing = edit(v1, a, '- [x] AI-aaaaaa Make the alert checkout\\_slow fire within 60.0s — payments, due 2025-02-14');
    existing = edit(existing, b, '- [ ] AI-bbbbbb Make checkout recover *without* a restart — alice, due 2025-03-01\n  - see the runbook draft\n- [ ] Write the on-call runbook — bob');
    existing = edit(existing, '<!-- gameday:end -->\n\n<!-- gameday:section supporting-data -->', '<!-- gameday:end -->\n\n- [ ] Budget for a second region — cto\n\n<!-- gameday:section supporting-data -->');
    const renamed: FixtureItem[] = DEFAULT_ITEMS.map((item) => ({ ...item, text: `${item.text} (v2)` }));
    const text = merged(existing, generatedPostmortem({ version: 2, items: renamed }));

    expect(text).toContain(
      [
        '<!-- gameday:generated -->',
        '- [x] AI-aaaaaa Make the alert checkout\\_slow fire within 60.0s — payments, due 2025-02-14',
        '- [ ] AI-bbbbbb Make checkout recover *without* a restart — alice, due 2025-03-01',
        '  - see the runbook draft',
        '- [ ] Write the on-call runbook — bob',
        '<!-- gameday:end -->',
        '',
        '- [ ] Budget for a second region — cto',
        '',
      ].join('\n'),
    );
    expect(frontMatterOf(text).action_items).toEqual([
      { id: 'AI-aaaaaa', text: 'Make the alert checkout_slow fire within 60.0s', owner: 'payments', due: '2025-02-14', done: true, finding: 'missed-alert:checkout_slow' },
      { id: 'AI-bbbbbb', text: 'Make checkout recover *without* a restart', owner: 'alice', due: '2025-03-01', done: false, finding: 'not-recovered:checkout' },
    ]);
  });

  it('adds the item of a new finding and fills an owner or due date the person left empty', () => {
    const existing = edit(v1, b, '- [ ] AI-bbbbbb Make checkout recover by itself after latency ends');
    const items: FixtureItem[] = [
      ...DEFAULT_ITEMS,
      { id: 'AI-cccccc', text: 'Tune the alert noisy_thing', owner: 'search', due: '2025-02-14', finding: 'noisy-alert:noisy_thing' },
    ];
    const text = merged(existing, generatedPostmortem({ version: 2, items }));
    expect(text).toContain(`${a}\n${b}\n- [ ] AI-cccccc Tune the alert noisy\\_thing — search, due 2025-02-14\n<!-- gameday:end -->`);
  });

  it('drops an untouched item whose finding is gone, and keeps a ticked or edited one as the person’s', () => {
    const three: FixtureItem[] = [
      ...DEFAULT_ITEMS,
      { id: 'AI-cccccc', text: 'Tune the alert noisy_thing', owner: 'search', due: '2025-02-14', finding: 'noisy-alert:noisy_thing' },
    ];
    let existing = generatedPostmortem({ items: three });
    existing = edit(existing, a, a.replace('- [ ]', '- [x]'));
    existing = edit(existing, b, b.replace('payments,', 'carol,'));
    const result = mergePostmortem(existing, generatedPostmortem({ version: 2, items: [] }));
    expect(result.text).toContain(
      `<!-- gameday:generated -->\nNo action items.\n${a.replace('- [ ]', '- [x]')}\n${b.replace('payments,', 'carol,')}\n<!-- gameday:end -->`,
    );
    expect(result.text).not.toContain('AI-cccccc Tune');
    expect(result.warnings).toEqual([
      'kept action item AI-aaaaaa: its finding is gone, but it was ticked or edited',
      'kept action item AI-bbbbbb: its finding is gone, but it was ticked or edited',
      'dropped action item AI-cccccc: its finding is gone and it was neither ticked nor edited',
    ]);
    const items = frontMatterOf(result.text).action_items as { id: string; finding: unknown }[];
    expect(items.map((i) => [i.id, i.finding])).toEqual([['AI-aaaaaa', null], ['AI-bbbbbb', null]]);
  });

  it('does not generate an item twice when people moved it out of the generated region', () => {
    let existing = edit(v1, `${b}\n`, '');
    existing = edit(existing, '<!-- gameday:section supporting-data -->', `Later:\n${b.replace('- [ ]', '- [x]')}\n\n<!-- gameday:section supporting-data -->`);
    const text = merged(existing, v2);
    expect(text.match(/AI-bbbbbb/g)).toHaveLength(2); // the body once, the front matter once
    expect(text).toContain(`Later:\n${b.replace('- [ ]', '- [x]')}\n`);
  });
});

describe('mergePostmortem: idempotence', () => {
  it('merging the same generated text into its result changes nothing', () => {
    let existing = edit(v1, '## Impact\n\n', '## Impact\n\nOur words.\n\n');
    existing = edit(existing, 'status: draft', 'status: in_review\nowner: team-payments');
    existing = edit(existing, '- [ ] AI-aaaaaa', '- [x] AI-aaaaaa');
    existing = edit(existing, 'after latency ends — payments', 'after latency ends, for real — dana');
    existing = edit(existing, '<!-- gameday:section supporting-data -->', '## Ours\n\ntext\n\n<!-- gameday:section supporting-data -->');
    existing = edit(existing, '<!-- gameday:section what-went-well -->', '<!-- gameday:section what-went-wrong-typo -->');
    const next = generatedPostmortem({ version: 2, items: [DEFAULT_ITEMS[1] as FixtureItem] });
    const once = mergePostmortem(existing, next);
    const twice = mergePostmortem(once.text, next);
    expect(twice.text).toBe(once.text);
    expect(mergePostmortem(twice.text, next).text).toBe(once.text);
    expect(once.text).not.toBe(existing);
    expect(once.warnings).toEqual([
      'section "what-went-wrong-typo" is no longer generated and had no text of yours; removed it',
      'kept action item AI-aaaaaa: its finding is gone, but it was ticked or edited',
      'added section "what-went-well", which the file did not have',
    ]);
    expect(twice.warnings).toEqual([]);
  });
});

describe('mergePostmortem: sections that come and go', () => {
  it('adds back a section the file lacks, and keeps one no longer generated only for people’s text', () => {
    const start = v1.indexOf('<!-- gameday:section what-went-well -->');
    const end = v1.indexOf('<!-- gameday:section action-items -->');
    let existing = v1.slice(0, start) + v1.slice(end);
    existing = edit(existing, '<!-- gameday:section supporting-data -->', '<!-- gameday:section old-notes -->\n## Old notes\n\n<!-- gameday:generated -->\nold\n<!-- gameday:end -->\n\nMine.\n\n<!-- gameday:section old-empty -->\n## Old empty\n\n<!-- gameday:generated -->\nold\n<!-- gameday:end -->\n\n<!-- gameday:section supporting-data -->');
    const result = mergePostmortem(existing, v2);
    expect(result.warnings).toEqual([
      'section "old-notes" is no longer generated; kept it for your text, without its generated part',
      'section "old-empty" is no longer generated and had no text of yours; removed it',
      'added section "what-went-well", which the file did not have',
    ]);
    expect(result.text).toContain('| errors | 2 |\n<!-- gameday:end -->\n\n<!-- gameday:section what-went-well -->\n## What went well\n\n<!-- gameday:generated -->\n- Version 2');
    expect(result.text).toContain('<!-- gameday:section old-notes -->\n## Old notes\n\n\nMine.\n\n<!-- gameday:section supporting-data -->');
    expect(result.text).not.toContain('Old empty');
    expect(mergePostmortem(result.text, v2).text).toBe(result.text);
  });

  it('puts back a generated region people deleted, after the section heading', () => {
    const existing = edit(v1, '<!-- gameday:generated -->\nThe checkout service slowed down for 2m00s.\n<!-- gameday:end -->\n', 'We wrote our own summary.\n');
    const text = merged(existing, v2);
    expect(text).toContain('## Summary\n\n<!-- gameday:generated -->\nSummary, version 2.\n<!-- gameday:end -->\n\nWe wrote our own summary.\n');
  });
});

describe('mergePostmortem: files it must not touch', () => {
  it('leaves a hand-written postmortem whole and says regeneration was skipped', () => {
    const handWritten = '---\ntitle: Our outage\nstatus: reviewed\n---\n# Our outage\n\n## Summary\n\nWe wrote this.\n';
    expect(mergePostmortem(handWritten, v2)).toEqual({
      text: handWritten,
      skipped: true,
      warnings: [
        'the existing file has no gameday markers (it was written or rewritten by hand); regeneration skipped, the file is kept as it is',
      ],
    });
  });

  it('skips a file whose markers do not pair up, whose front matter does not parse, or that is another postmortem', () => {
    const unpaired = edit(v1, 'The checkout service slowed down for 2m00s.\n<!-- gameday:end -->', 'The checkout service slowed down for 2m00s.');
    const badYaml = edit(v1, 'status: draft', 'status: [draft');
    const other = edit(v1, 'id: PM-run-1a2b', 'id: PM-run-ffff');
    for (const [existing, why] of [
      [unpaired, "the existing file's gameday markers do not pair up (line 61: gameday:generated has no gameday:end before the next section marker on line 64)"],
      [badYaml, "the existing file's front matter is not valid YAML (line 6: Flow sequence in block collection must be sufficiently indented and end with a ])"],
      [other, 'the existing file is postmortem PM-run-ffff, not PM-run-1a2b'],
    ] as const) {
      expect(mergePostmortem(existing, v2)).toEqual({
        text: existing,
        skipped: true,
        warnings: [`${why}; regeneration skipped, the file is kept as it is`],
      });
    }
  });

  it('keeps Windows line ends when the file has them', () => {
    const crlf = edit(v1, '## Impact\n\n', '## Impact\n\nOurs.\n\n').replace(/\n/g, '\r\n');
    const text = merged(crlf, v2);
    expect(text).toBe(merged(crlf.replace(/\r\n/g, '\n'), v2).replace(/\n/g, '\r\n'));
    expect(text).toContain('Ours.\r\n');
  });
});
