import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  compileTemplateSet,
  EarlierIndex,
  formatMarkdown,
  generatePostmortem,
  loadRunDir,
  loadTemplateSet,
  oneLine,
  parseMarkdown,
  postmortemSchema,
  readPostmortem,
  SECTION_NAMES,
  type GeneratedPostmortem,
} from '../../runner/postmortem/index.ts';
import { outsideText } from '../../runner/postmortem/escape.ts';
import { finishMarkdown } from '../../runner/postmortem/finish.ts';
import { tempDir } from '../faults/fixtures.ts';
import { FIXTURE_RUNS, FIXTURES, REPO } from './fixture.ts';
import { hostileCopy, writeHostileRuns } from './hostile-runs.ts';

// The default template's output is what remark (GFM, front matter) writes for it, so it is written without
// a formatting pass: here, for seeded runs whose every alert summary, note, name and description is
// hostile Markdown, HTML, URLs and e-mail addresses, `formatMarkdown(text) === text`, and the hostile text
// stays text.

interface Node {
  type: string;
  value?: string;
  url?: string;
  children?: Node[];
}

const nodes = (node: Node): Node[] => [node, ...(node.children ?? []).flatMap(nodes)];
const textOf = (node: Node): string => nodes(node).map((n) => (n.type === 'text' ? (n.value ?? '') : '')).join('');
const frontMatterOf = (text: string): unknown => parse(text.slice(4, text.indexOf('\n---\n', 4)));

const work = tempDir('postmortem-stable');
afterAll(() => work.remove());

const SEEDS = [11, 12, 13, 14, 15];
const renderer = compileTemplateSet(loadTemplateSet(undefined, REPO));

/** Each seed: 8 synthetic runs and the three fixture runs, hostile; generated in order, as a batch would. */
const generated: Array<{ runDir: string; postmortem: GeneratedPostmortem }> = SEEDS.flatMap((seed) => {
  const dir = join(work.dir, String(seed));
  mkdirSync(join(dir, 'fixtures'), { recursive: true });
  const runDirs = [
    ...writeHostileRuns(join(dir, 'runs'), 8, seed),
    ...FIXTURE_RUNS.map((name) => {
      const experiment = join(FIXTURES, existsSync(join(FIXTURES, name, 'experiment.yaml')) ? name : 'paged-incident', 'experiment.yaml');
      return hostileCopy(join(FIXTURES, name), join(dir, 'fixtures'), seed * 31 + name.length, experiment);
    }),
  ];
  const earlier = new EarlierIndex();
  return runDirs.map((runDir) => {
    const postmortem = generatePostmortem(loadRunDir(runDir, work.dir).source, { renderer, version: 'test', earlier });
    earlier.add({ id: postmortem.id, date: postmortem.facts.date, fingerprints: postmortem.frontMatter.fingerprints });
    return { runDir, postmortem };
  });
});

describe(`postmortems of ${generated.length} runs full of hostile text`, () => {
  it('round-trip through remark unchanged', () => {
    for (const { runDir, postmortem } of generated) expect(formatMarkdown(postmortem.text), runDir).toBe(postmortem.text);
  });

  it('keep the hostile text as text: no HTML but the markers, no image, only their own headings, links only to the web or mail', () => {
    for (const { runDir, postmortem } of generated) {
      const all = nodes(parseMarkdown(postmortem.text) as Node);
      expect(all.filter((n) => n.type === 'html').every((n) => /^<!-- gameday:(section [a-z-]+|generated|end) -->$/.test(n.value ?? '')), runDir).toBe(true);
      expect(all.filter((n) => n.type === 'image' || n.type === 'footnoteReference' || n.type === 'delete' || n.type === 'inlineCode'), runDir).toEqual([]);
      const headings = all.filter((n) => n.type === 'heading').map((n) => textOf(n).replaceAll('\u200b', ''));
      expect(headings, runDir).toEqual([oneLine(postmortem.frontMatter.title), ...readPostmortem(postmortem.text, 'x.md').sections.map((s) => s.heading)]);
      expect(all.filter((n) => n.type === 'link').every((n) => /^(https?|mailto|xmpp):/.test(n.url ?? '')), runDir).toBe(true);
    }
  });

  it('have front matter that reads back as generated and that the shared schema accepts', () => {
    for (const { runDir, postmortem } of generated) {
      const frontMatter = frontMatterOf(postmortem.text);
      expect(frontMatter, runDir).toEqual(postmortem.frontMatter);
      expect(postmortemSchema.safeParse(frontMatter).success, runDir).toBe(true);
    }
  });

  it('read back with every section, and only their own action items', () => {
    for (const { runDir, postmortem } of generated) {
      const read = readPostmortem(postmortem.text, 'x.md');
      expect(read.warnings, runDir).toEqual([]);
      expect(read.sections.map((s) => s.name), runDir).toEqual([...SECTION_NAMES]);
      expect(read.actionItems.map((item) => item.id), runDir).toEqual(postmortem.frontMatter.action_items.map((item) => item.id));
    }
  });
});

describe("a team's own template", () => {
  it('is formatted by remark: it may write Markdown the finisher does not know', () => {
    const team = tempDir('postmortem-team-template');
    try {
      const file = join(team.dir, 'postmortem.hbs');
      mkdirSync(join(team.dir, 'partials'));
      const main = '---\n{{frontMatter}}\n---\n\n\n# {{title}}\n\n* one\n* two\n\n| a | b |\n|---|---|\n| {{escape "x|y"}} | 2 |\n\n{{#section "summary"}}{{> summary}}{{/section}}\n';
      writeFileSync(file, main);
      const own = compileTemplateSet(loadTemplateSet(file, team.dir));
      const { text } = generatePostmortem(loadRunDir(join(FIXTURES, 'slow-payments'), REPO).source, { renderer: own, version: 'test' });
      expect(text).toContain('\n\n# slow-payments game day, 2025-03-01\n\n- one\n- two\n\n| a    | b |\n| ---- | - |\n| x\\|y | 2 |\n');
      expect(formatMarkdown(text)).toBe(text);
    } finally {
      team.remove();
    }
  });
});

describe('finishMarkdown', () => {
  const o = (text: string): string => outsideText(text);
  const CASES = [
    `# ${o('Title ending in #')}\n\n## Heading`,
    `**${o('strong')}**: after\n\n**${o('(punctuation)')}**.`,
    `Empty strong **** and an unclosed **${o('one')}`,
    `- ${o('- item')}\n  - nested ${o('1. x')}\n-\n- [ ] AI-000000 ${o('task')} — owner, due 2025-01-01\n- [x] done`,
    `> ${o('> quoted')}`,
    `| left | centre | right |\n| :-- | :-: | --: |\n| ${o('a|b')} | ${o('https://x.io/a_b')} | ${o('trailing \\')} |\n|  | x | ${o('**')} |`,
    `${o('www.__ and a_b@c_d.e and mail@example.com and www.example.com/x_(y)')}, then ${o('back\\')}).`,
    `Text\n\n\n\nafter blank lines   \n\n<!-- gameday:end -->\n\n`,
  ];

  it.each(CASES)('writes %j as remark writes it', (raw) => {
    const finished = finishMarkdown(raw);
    expect(formatMarkdown(finished)).toBe(finished);
  });
});
