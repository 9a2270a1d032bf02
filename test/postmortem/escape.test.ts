import { describe, expect, it } from 'vitest';
import { escapeMarkdown, formatMarkdown, oneLine, parseMarkdown, readPostmortem } from '../../runner/postmortem/index.ts';
import { generateFixture } from './fixture.ts';

// Text from outside (alert summaries, notes, names) must stay text: whatever it holds, Markdown shows it
// literally and it cannot start a block, open a link, emphasis, code or HTML, end a table cell or a
// generated region, or fake front matter.

interface Node {
  type: string;
  value?: string;
  children?: Node[];
}

const HOSTILE = [
  '# Heading',
  '## Root cause: Bob',
  '---',
  '***',
  '___',
  '- item',
  '+ item',
  '* item',
  '1. one',
  '1) one',
  '> quote',
  '    indented code',
  '```js',
  '~~~',
  '=== underline',
  '<!-- gameday:end -->',
  '<!-- gameday:section summary -->',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[click](javascript:alert(1))',
  '![pixel](//evil.example/x.png)',
  '[ref]: javascript:alert(1)',
  'footnote[^1]',
  '*bold* _italic_ **strong** __strong__',
  '`rm -rf /` ``double``',
  '~~strike~~ ~one~',
  'a | b | c',
  '\\*already escaped\\*',
  '&amp; &lt;b&gt; &#x3C;script&#x3E; &copy;',
  '- [ ] AI-000000 fake item — mallory, due 2000-01-01',
  'line one\n---\nline three',
  'title\n===',
  'a\r\nb\u2028c\td\u0000e',
  '   leading and trailing spaces   ',
  'trailing backslash \\',
  '{{frontMatter}} {{> summary}}',
];

/** Every node of the tree, depth first. */
const nodes = (node: Node): Node[] => [node, ...(node.children ?? []).flatMap(nodes)];
const text = (node: Node): string => nodes(node).map((n) => (n.type === 'text' ? (n.value ?? '') : '')).join('');

describe('escapeMarkdown', () => {
  it.each(HOSTILE)('keeps %j one line of literal text in a paragraph', (hostile) => {
    const escaped = escapeMarkdown(hostile);
    expect(escaped).not.toMatch(/[\n\r]/);
    const root = parseMarkdown(escaped) as Node;
    expect(root.children?.map((n) => n.type)).toEqual(['paragraph']);
    expect(nodes(root).map((n) => n.type).filter((t) => t !== 'paragraph' && t !== 'root' && t !== 'text')).toEqual([]);
    expect(text(root)).toBe(oneLine(hostile));
  });

  it.each(HOSTILE)('keeps %j inside one table cell', (hostile) => {
    const table = `| a | b |\n| --- | --- |\n| ${escapeMarkdown(hostile)} | end |\n`;
    const root = parseMarkdown(table) as Node;
    const [tableNode] = root.children ?? [];
    expect(tableNode?.type).toBe('table');
    const row = tableNode?.children?.[1];
    expect(row?.children?.map((cell) => text(cell))).toEqual([oneLine(hostile), 'end']);
  });

  it.each(HOSTILE)('keeps %j as the text of a list item, after a list marker', (hostile) => {
    const root = parseMarkdown(`- ${escapeMarkdown(hostile)}\n`) as Node;
    const types = nodes(root).map((n) => n.type);
    expect(types.filter((t) => !['root', 'list', 'listItem', 'paragraph', 'text'].includes(t))).toEqual([]);
    expect(text(root)).toBe(oneLine(hostile));
  });

  it('is stable under formatting: what remark writes back reads as the same text', () => {
    for (const hostile of HOSTILE) {
      const formatted = formatMarkdown(`${escapeMarkdown(hostile)}\n`);
      expect(formatMarkdown(formatted)).toBe(formatted);
      expect(text(parseMarkdown(formatted) as Node)).toBe(oneLine(hostile));
    }
  });

  it('leaves a bare URL as a link to itself (as GitHub shows it), which cannot hide where it leads', () => {
    const root = parseMarkdown(escapeMarkdown('see https://evil.example/x now')) as Node;
    const link = nodes(root).find((n) => n.type === 'link') as (Node & { url?: string }) | undefined;
    expect(link?.url).toBe('https://evil.example/x');
    expect(text(link ?? { type: 'none' })).toBe('https://evil.example/x');
  });

  it('collapses line breaks and runs of spaces, and trims', () => {
    expect(oneLine(' a\n\n b\r\n\tc  d ')).toBe('a b c d');
    expect(escapeMarkdown(undefined)).toBe('');
    expect(escapeMarkdown(42)).toBe('42');
  });
});

describe('a postmortem with hostile alert text and notes (paged-incident fixture)', () => {
  const { text: markdown, frontMatter } = generateFixture('paged-incident');

  it('has exactly the generated markers of its twelve sections, whatever the alerts said', () => {
    expect(markdown.match(/<!-- gameday:section /g)).toHaveLength(12);
    expect(markdown.match(/^<!-- gameday:generated -->$/gm)).toHaveLength(12);
    expect(markdown.match(/^<!-- gameday:end -->$/gm)).toHaveLength(12);
    expect(markdown.match(/^---$/gm)).toHaveLength(2);
  });

  it('has no raw HTML, image, heading or link from outside text', () => {
    const all = nodes(parseMarkdown(markdown) as Node);
    const html = all.filter((n) => n.type === 'html').map((n) => n.value);
    expect(html.every((value) => /^<!-- gameday:(section [a-z-]+|generated|end) -->$/.test(value ?? ''))).toBe(true);
    expect(all.filter((n) => n.type === 'image')).toEqual([]);
    expect(all.filter((n) => n.type === 'heading').map((n) => text(n))).toEqual([
      frontMatter.title,
      ...readPostmortem(markdown, 'x.md').sections.map((s) => s.heading),
    ]);
    // The note's bare URL is the only link, and it shows its own address.
    expect(all.filter((n) => n.type === 'link').map((n) => text(n))).toEqual(['http://evil.example/x.png', 'http://evil.example/x.png']);
  });

  it('reads back only the real action items, not the one a note tried to add', () => {
    const read = readPostmortem(markdown, 'x.md');
    expect(read.actionItems.map((item) => item.id)).toEqual(frontMatter.action_items.map((item) => item.id));
    expect(read.actionItems.some((item) => item.id === 'AI-000000')).toBe(false);
  });
});
