import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { readPostmortem } from '../../runner/postmortem/index.ts';
import { selectForSite, skippedLine, slugOfFile, timelineOf } from '../../runner/site/index.ts';
import { barChart } from '../../site/src/charts/bars.ts';
import { distributionChart } from '../../site/src/charts/distribution.ts';
import { timelineChart } from '../../site/src/charts/timeline.ts';
import { slugOfName } from '../../site/src/lib/slug.ts';
import { summaryOf } from '../../site/src/lib/summary.ts';
import { isSafeUrl, remarkSafeMarkdown } from '../../site/src/markdown/safe-markdown.ts';

// The site's pure parts: which files it publishes, slugs, the timeline reader, the safe Markdown plugin, and
// the chart geometry (one mark per data point).

const FRONT = '---\nid: PM-1\ntitle: One\ndate: 2025-03-01\n---\n\n# One\n\nBody.\n';

describe('selectForSite', () => {
  it('publishes files whose front matter gave fields and skips the rest, saying where and why', () => {
    const read = {
      postmortems: [
        readPostmortem(FRONT, '/p/2025-03-01-one.md'),
        readPostmortem('---\ntitle: [not yaml\n---\n\n# Broken\n', '/p/broken.md'),
        readPostmortem('# Only a heading\n\nNo front matter.\n', '/p/2025-03-02-plain.md'),
        readPostmortem('---\ntitle: Only a title\n---\n\nText.\n', '/p/titled.md'),
        readPostmortem('---\n---\n\nEmpty.\n', '/p/empty.md'),
      ],
      warnings: [{ path: '/p/locked.md', message: 'cannot read the file (EACCES); skipped' }],
    };
    const { used, skipped } = selectForSite(read);
    expect(used.map((u) => u.slug)).toEqual(['2025-03-01-one', 'titled']);
    expect(skipped.map((s) => [s.path, s.line])).toEqual([
      ['/p/locked.md', undefined],
      ['/p/broken.md', 2],
      ['/p/2025-03-02-plain.md', 1],
      ['/p/empty.md', undefined],
    ]);
    expect(skippedLine(skipped[1]!)).toMatch(/^\/p\/broken\.md:2 {2}the front matter is not valid YAML: .*; skipped/);
    expect(skipped[2]?.reason).toMatch(/^no front matter/);
  });

  it('gives unique, URL-safe slugs', () => {
    expect(slugOfFile('/p/2025-03-01-a.b_c.md')).toBe('2025-03-01-a.b_c');
    expect(slugOfFile('/p/Été <script>.md')).toBe('ete-script');
    expect(slugOfFile('/p/<>.md')).toBe('postmortem');
    const read = { postmortems: [readPostmortem(FRONT, '/p/A.md'), readPostmortem(FRONT, '/q/a.md')], warnings: [] };
    expect(selectForSite(read).used.map((u) => u.slug)).toEqual(['A', 'a-2']);
    const taken = new Set<string>();
    expect([slugOfName('<img src=x>', taken), slugOfName('img src x', taken), slugOfName('', taken)]).toEqual(['img-src-x', 'img-src-x-2', 'unnamed']);
  });
});

describe('timelineOf', () => {
  it('reads the front matter timeline (entries the reader rejected are gone), and is empty when there is none', () => {
    const text =
      '---\nid: PM-1\ntitle: One\ntimeline:\n' +
      '  - { kind: fault, label: slow, start: "2025-03-01T10:00:00Z", end: "2025-03-01T10:00:08Z", detail: latency }\n' +
      '  - { kind: response, label: acked, start: "2025-03-01T10:00:03Z", end: null }\n' +
      '  - { kind: party, label: x, start: "2025-03-01T10:00:03Z", end: null }\n' +
      '---\n';
    expect(timelineOf(readPostmortem(text, '/p/x.md')).entries).toEqual([
      { kind: 'fault', label: 'slow', start: '2025-03-01T10:00:00Z', end: '2025-03-01T10:00:08Z', detail: 'latency' },
      { kind: 'response', label: 'acked', start: '2025-03-01T10:00:03Z', end: null },
    ]);
    expect(timelineOf(readPostmortem(FRONT, '/p/y.md'))).toEqual({ entries: [], problems: [] });
  });

  it('checks each entry itself when the timeline comes unchecked (a reader that does not know the field)', () => {
    const timeline = [
      { kind: 'alert', label: 'fired', start: '2025-03-01T10:00:03Z', end: null, service: 'checkout' },
      { kind: 'party', label: 'x', start: '2025-03-01T10:00:03Z', end: null },
      { kind: 'alert', label: 'y', start: 'yesterday', end: null },
      { kind: 'fault', label: 'z', start: '2025-03-01T10:00:03Z', end: 'later' },
    ];
    const read = timelineOf({ frontMatter: {}, extra: { timeline } });
    expect(read.entries).toEqual([{ kind: 'alert', label: 'fired', start: '2025-03-01T10:00:03Z', end: null, service: 'checkout' }]);
    expect(read.problems).toEqual([
      'timeline[1]: kind must be one of run, fault, alert, response, recovery; the entry is ignored',
      'timeline[2]: start must be an ISO date-time; the entry is ignored',
      'timeline[3]: end must be an ISO date-time or null; the entry is ignored',
    ]);
    expect(timelineOf({ frontMatter: {}, extra: { timeline: 'soon' } }).problems).toEqual(['timeline: expected a list of entries; ignored']);
  });
});

describe('remarkSafeMarkdown', () => {
  interface Node {
    type: string;
    value?: string;
    url?: string;
    children?: Node[];
  }
  /** The Markdown's tree after the plugin, flattened: every node, depth first. */
  const nodes = (markdown: string): Node[] => {
    const processor = unified().use(remarkParse).use(remarkGfm).use(remarkSafeMarkdown);
    const tree = processor.runSync(processor.parse(markdown)) as Node;
    const all: Node[] = [];
    const walk = (node: Node): void => {
      all.push(node);
      node.children?.forEach(walk);
    };
    walk(tree);
    return all;
  };

  it('turns raw HTML into text and drops comments', () => {
    const tree = nodes('<!-- gameday:section summary -->\n\n<script>alert(1)</script>\n\nSee <img src=x onerror=alert(2)> here.\n');
    expect(tree.filter((n) => n.type === 'html')).toEqual([]);
    const text = tree.filter((n) => n.type === 'text').map((n) => n.value);
    expect(text).toContain('<script>alert(1)</script>');
    expect(text).toContain('<img src=x onerror=alert(2)>');
    expect(text.join(' ')).not.toContain('gameday:section');
  });

  it('keeps safe links, unlinks unsafe ones, and turns images into links', () => {
    const tree = nodes('[a](https://x.org/) [b](JavaScript:alert(1)) [c](./rel) ![d](data:text/html,x) ![e](https://x.org/e.png) [![f](x.png)](javascript:y)\n\n[g][r]\n\n[r]: vbscript:x\n');
    expect(tree.filter((n) => n.type === 'link').map((n) => n.url)).toEqual(['https://x.org/', './rel', 'https://x.org/e.png', 'x.png']);
    expect(tree.filter((n) => ['image', 'imageReference', 'definition'].includes(n.type))).toEqual([]);
    expect(tree.filter((n) => n.type === 'text').map((n) => n.value)).toEqual(expect.arrayContaining(['b', 'd', 'e', 'f']));
    expect(isSafeUrl(' java\tscript:x')).toBe(false);
    expect(isSafeUrl('mailto:a@b.c')).toBe(true);
    expect(isSafeUrl('#top')).toBe(true);
  });
});

describe('summaryOf', () => {
  it("is the summary section's first paragraph as plain text", () => {
    const pm = readPostmortem('---\nid: x\n---\n\n# T\n\n## Summary\n\n**Bold** and [a link](https://x) <b>tag</b>.\nSecond line.\n\nNext paragraph.\n', '/p/x.md');
    expect(summaryOf(pm)).toBe('Bold and a link tag. Second line.');
  });
});

describe('charts', () => {
  const dist = (values: number[], period: string) => ({
    period,
    distribution: {
      n: values.length,
      median: values.length === 0 ? null : values[Math.floor(values.length / 2)]!,
      p90: values.length === 0 ? null : Math.max(...values),
      min: values.length === 0 ? null : Math.min(...values),
      max: values.length === 0 ? null : Math.max(...values),
      points: values.map((value, i) => ({ id: `${period}-${i}`, value })),
    },
  });

  it('draws one mark per point, within its period, and a median and p90 per measured period', () => {
    const chart = distributionChart([dist([100, 200, 300], '2025-W01'), dist([], '2025-W02'), dist([50], '2025-W03')], String);
    expect(chart.marks.map((m) => m.id)).toEqual(['2025-W01-0', '2025-W01-1', '2025-W01-2', '2025-W03-0']);
    expect(chart.medians.map((m) => m.period)).toEqual(['2025-W01', '2025-W03']);
    expect(chart.marks.every((m) => m.cy >= chart.plot.top && m.cy <= chart.plot.bottom)).toBe(true);
    const highest = chart.marks.find((m) => m.value === 300)!;
    expect(highest.cy).toBeLessThan(chart.marks.find((m) => m.value === 100)!.cy);
    expect(chart.medianPath).toMatch(/^M/);
  });

  it('draws a bar per category with a value, and whole-number ticks for counts', () => {
    const chart = barChart([{ key: 'a', value: 3, note: '' }, { key: 'b', value: null, note: '' }, { key: 'c', value: 0, note: '' }], String, undefined, true);
    expect(chart.marks.map((m) => m.key)).toEqual(['a', 'c']);
    expect(chart.yTicks.every((t) => Number.isInteger(Number(t.label)))).toBe(true);
  });

  it('draws runs, faults and alerts as spans (open when never ended) and responses and recoveries as moments', () => {
    const at = (s: number): string => new Date(Date.UTC(2025, 2, 1, 10, 0, s)).toISOString();
    const chart = timelineChart([
      { kind: 'run', label: 'run', start: at(0), end: at(30) },
      { kind: 'fault', label: 'slow', start: at(5), end: at(15) },
      { kind: 'alert', label: 'fired', start: at(7), end: null },
      { kind: 'response', label: 'acked', start: at(9), end: null },
      { kind: 'recovery', label: 'back', start: at(20), end: null },
    ])!;
    expect(chart.spans.map((s) => [s.kind, s.open])).toEqual([['run', false], ['fault', false], ['alert', true]]);
    expect(chart.moments.map((m) => m.kind)).toEqual(['response', 'recovery']);
    expect(chart.zero).toBe(at(5));
    expect(chart.spans[2]!.x + chart.spans[2]!.width).toBeCloseTo(chart.plot.right, 0);
    expect(timelineChart([])).toBeNull();
  });
});
