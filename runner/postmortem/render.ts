import Handlebars from 'handlebars';
import { outsideText, resolveOutsideText } from './escape.ts';
import { finishMarkdown } from './finish.ts';
import { formatLatency, formatMs, formatOffset, formatPercent } from './format.ts';
import { formatMarkdown } from './markdown.ts';
import { SECTIONS } from './section-list.ts';
import type { TemplateFile, TemplateSet } from './template-set.ts';
import { templateErrorOf } from './template-error.ts';

/** What a template renders: the title, the front matter (YAML) and one view per section (see sections/). */
export interface PostmortemView {
  title: string;
  frontMatter: string;
  sections: Record<string, Record<string, unknown>>;
}

export interface Renderer {
  /** The template set's name, for the front matter. */
  name: string;
  /**
   * The template's output: Markdown with text from outside still between markers (escape.ts outsideText),
   * to be finished by `finish`; TemplateError on a mistake in the template.
   */
  render(view: PostmortemView): string;
  /**
   * The finished Markdown: for the default template, exactly what remark would write (finish.ts, no parse);
   * for a team's own, the outside text escaped and the whole formatted by remark.
   */
  finish(rendered: string): string;
}

// Handlebars' parser throws a bare Error(message) and drops the position it
// knows; keep it on the error (hash.loc), so TemplateError can name the column.
// This changes only what the thrown error carries.
const parser = (Handlebars as unknown as { Parser: { parseError: (message: string, hash: unknown) => never } }).Parser;
parser.parseError = (message: string, hash: unknown): never => {
  throw Object.assign(new Error(message), { hash });
};

/**
 * Compiles a template set: every file is parsed at once, so a syntax error
 * is reported (file:line:col) before anything is rendered. Templates run in
 * strict mode (a field the view lacks is an error naming it, not an empty
 * string) and without HTML escaping: views hold Markdown, with text from
 * outside already escaped (escape.ts).
 */
export const compileTemplateSet = (set: TemplateSet): Renderer => {
  const hb = Handlebars.create();
  registerHelpers(hb);
  for (const partial of set.partials) hb.registerPartial(partial.name, compileFile(hb, partial));
  const main = compileFile(hb, set.main);
  // gameday's own template writes only Markdown the finisher knows; a team's may write any, so remark formats it.
  const finish = set.builtIn ? finishMarkdown : (text: string) => formatMarkdown(resolveOutsideText(text));
  return { name: set.name, render: (view) => main(view), finish };
};

const OPTIONS = { strict: true, noEscape: true } as const;

/** The compiled file, whose render errors name it (the innermost file wins when partials nest). */
const compileFile = (hb: typeof Handlebars, template: TemplateFile): Handlebars.TemplateDelegate => {
  let ast: hbs.AST.Program;
  try {
    ast = hb.parse(template.source);
  } catch (error) {
    throw templateErrorOf(error, template.file, 'parse');
  }
  const compiled = hb.compile(ast, OPTIONS);
  return (context: unknown, options?: Handlebars.RuntimeOptions) => {
    try {
      return compiled(context, options);
    } catch (error) {
      throw templateErrorOf(error, template.file, 'render');
    }
  };
};

const HEADINGS = new Map(SECTIONS.map((s) => [s.name, s.heading]));

interface HelperOptions {
  fn: (context: unknown) => string;
  hash: Record<string, unknown>;
  data: { root: PostmortemView };
  loc?: { start: { line: number; column: number } };
}

/**
 * The helpers a template may use. Number helpers are named `format…`, so they
 * never shadow a view field (Handlebars prefers a helper to a field of the same name).
 */
const registerHelpers = (hb: typeof Handlebars): void => {
  /**
   * `{{#section "impact"}}{{> impact}}{{/section}}`: the section's markers and
   * heading (`heading="…"` to change the heading), with the block rendered
   * against that section's view between the generated markers.
   */
  hb.registerHelper('section', function section(name: unknown, options: HelperOptions) {
    const view = typeof name === 'string' ? options.data.root.sections[name] : undefined;
    if (view === undefined) {
      throw Object.assign(new Error(`unknown section ${JSON.stringify(name)} (expected one of: ${[...HEADINGS.keys()].join(', ')})`), {
        lineNumber: options.loc?.start.line,
        column: options.loc?.start.column,
      });
    }
    const heading = typeof options.hash.heading === 'string' ? outsideText(options.hash.heading) : HEADINGS.get(name as never);
    const body = options.fn(view).trim();
    return `<!-- gameday:section ${name as string} -->\n\n## ${heading}\n\n<!-- gameday:generated -->\n\n${body}\n\n<!-- gameday:end -->\n\n`;
  });
  hb.registerHelper('formatDuration', (ms: unknown) => formatMs(numberOrNull(ms)));
  hb.registerHelper('formatLatency', (ms: unknown) => formatLatency(numberOrNull(ms)));
  hb.registerHelper('formatPercent', (share: unknown) => formatPercent(numberOrNull(share)));
  hb.registerHelper('formatOffset', (ms: unknown) => formatOffset(numberOrNull(ms) ?? 0));
  /** For a team's own literal text: escaped as text from outside is (the views' strings are marked already). */
  hb.registerHelper('escape', (text: unknown) => outsideText(text));
};

const numberOrNull = (value: unknown): number | null => (typeof value === 'number' ? value : null);
