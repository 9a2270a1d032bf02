import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode, GamedayError } from '../../runner/errors.ts';
import { compileTemplateSet, generatePostmortem, loadTemplateSet, TemplateError } from '../../runner/postmortem/index.ts';
import { tempDir } from '../faults/fixtures.ts';
import { loadFixture } from './fixture.ts';

// Templates: the default one with a partial per section, a team's own, and mistakes in either reported
// at their own file, line and column as an input error (exit 65).

let work: ReturnType<typeof tempDir>;
afterEach(() => work?.remove());

/** A team template folder: postmortem.hbs and partials/<name>.hbs. */
const team = (main: string, partials: Record<string, string> = {}): string => {
  work = tempDir('postmortem-templates');
  mkdirSync(join(work.dir, 'partials'));
  writeFileSync(join(work.dir, 'postmortem.hbs'), main);
  for (const [name, text] of Object.entries(partials)) writeFileSync(join(work.dir, 'partials', `${name}.hbs`), text);
  return join(work.dir, 'postmortem.hbs');
};

const render = (file: string) => {
  const renderer = compileTemplateSet(loadTemplateSet(file, work.dir));
  return generatePostmortem(loadFixture('slow-payments').source, { renderer, version: 'test' });
};

const failure = (run: () => unknown): TemplateError => {
  try {
    run();
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error('expected a TemplateError');
};

describe('the default template', () => {
  it('has one partial per section, and its name in the front matter', () => {
    const set = loadTemplateSet(undefined, process.cwd());
    expect(set.name).toBe('default');
    expect(set.main.file).toBe(join('templates', 'default', 'postmortem.hbs'));
    expect(set.partials.map((p) => p.name).sort()).toEqual([
      'action-items', 'contributing-factors', 'detection', 'impact', 'key-timestamps', 'response', 'summary',
      'supporting-data', 'timeline', 'what-went-badly', 'what-went-well', 'where-we-got-lucky',
    ]);
  });
});

describe("a team's own template", () => {
  it('may reorder sections, rename headings, use helpers and replace one partial while keeping the others', () => {
    const file = team(
      [
        '---',
        '{{frontMatter}}',
        '---',
        '',
        '# {{title}} {{escape "*draft*"}}',
        '',
        '{{#section "action-items" heading="Follow-ups"}}{{> action-items}}{{/section}}',
        '{{#section "summary"}}{{> summary}}{{/section}}',
        '{{#section "key-timestamps"}}Detected after {{timeToDetect}}; {{formatDuration 90500}}, {{formatPercent 0.125}}, {{formatLatency 1234}}, {{formatOffset -2000}}.{{/section}}',
        '',
      ].join('\n'),
      { summary: 'Verdict: {{verdict}}.\n' },
    );
    const { text, frontMatter } = render(file);
    expect(frontMatter.generator.template).toBe(file);
    expect(text).toContain('# slow-payments game day, 2025-03-01 \\*draft\\*\n');
    expect(text).toContain('<!-- gameday:section action-items -->\n\n## Follow-ups\n\n<!-- gameday:generated -->\n\n- [ ] AI-');
    expect(text).toContain('## Summary\n\n<!-- gameday:generated -->\n\nVerdict: deviated.\n\n<!-- gameday:end -->');
    expect(text).toContain('Detected after 2.2s; 1m31s, 12.5%, 1.23s, T-2.0s.');
  });

  it('that is missing is a MissingInputError (exit 66) naming it', () => {
    work = tempDir('postmortem-templates');
    expect(() => loadTemplateSet('nope.hbs', work.dir)).toThrow(expect.objectContaining({ exitCode: ExitCode.noInput, message: expect.stringContaining('template nope.hbs not found') }));
  });
});

describe('a broken template', () => {
  it('reports a syntax error at its file, line and column, before anything is rendered', () => {
    const file = team('---\n{{frontMatter}}\n---\n\n# {{title}}\n\n{{#section "summary"}}\n  {{> summary}\n{{/section}}\n');
    const error = failure(() => compileTemplateSet(loadTemplateSet(file, work.dir)));
    expect(error).toBeInstanceOf(GamedayError);
    expect(error.exitCode).toBe(ExitCode.dataError);
    // Handlebars points at the token before the one it could not take: `summary`, missing its `}}`.
    expect([error.file, error.line, error.column]).toEqual([file, 8, 7]);
    expect(error.message).toMatch(new RegExp(`^${file}:8:7: syntax error: Expecting .*got 'INVALID' \\(the postmortem template; see templates/README.md\\)$`));
  });

  it('reports a block closed by the wrong name at the block', () => {
    const file = team('a\n\n{{#if title}}\nx\n{{/each}}\n');
    const error = failure(() => compileTemplateSet(loadTemplateSet(file, work.dir)));
    expect(error.message).toBe(`${file}:3:4: syntax error: if doesn't match each (the postmortem template; see templates/README.md)`);
  });

  it('reports a field the view does not have (strict mode) in the partial that names it', () => {
    const file = team('{{#section "summary"}}{{> summary}}{{/section}}', { summary: 'line one\n\n{{verdict}} {{verdit}}\n' });
    const error = failure(() => render(file));
    expect(error.file).toBe(join('partials', 'summary.hbs'));
    expect(error.message).toBe(`${join('partials', 'summary.hbs')}:3:15: "verdit" not defined in the view (the postmortem template; see templates/README.md)`);
  });

  it('reports an unknown section name with the names there are', () => {
    const file = team('x\n{{#section "sumary"}}{{/section}}\n');
    const error = failure(() => render(file));
    expect(error.message).toMatch(new RegExp(`^${file}:2:1: unknown section "sumary" \\(expected one of: summary, impact, key-timestamps,`));
  });

  it('reports a broken partial of the team at the partial', () => {
    const file = team('{{> impact}}', { impact: '{{#each rows}}\n' });
    const error = failure(() => compileTemplateSet(loadTemplateSet(file, work.dir)));
    expect(error.file).toBe(join('partials', 'impact.hbs'));
    expect(error.line).toBe(1);
  });
});
