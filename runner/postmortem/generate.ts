import { actionItemsOf, type ActionItem } from './actions.ts';
import { EarlierIndex, isBefore } from './earlier-index.ts';
import { outsideText } from './escape.ts';
import { computeFacts, type Facts } from './facts.ts';
import { postmortemFileName } from './file-name.ts';
import { findingsOf, type Finding } from './findings.ts';
import { frontMatterOf, frontMatterYaml, postmortemIdOf } from './front-matter.ts';
import type { Renderer } from './render.ts';
import type { Postmortem } from './schema.ts';
import { SECTIONS } from './section-list.ts';
import type { EarlierPostmortem, PostmortemSource } from './source.ts';

export interface GenerateOptions {
  renderer: Renderer;
  /** gameday's version, recorded in the front matter (generator.version). */
  version: string;
  /**
   * Other postmortems, for the recurring-failure finding. Only those before this run count: an earlier date,
   * or the same date and a smaller id (gameday ids sort by time); one without a date counts. Its own is ignored.
   * An EarlierIndex answers that without a pass over all of them (for batches).
   */
  earlier?: readonly EarlierPostmortem[] | EarlierIndex;
}

export interface GeneratedPostmortem {
  id: string;
  /** `<YYYY-MM-DD>-<experiment>-<4 hex>.md` */
  fileName: string;
  /** The whole file: front matter and Markdown, formatted. */
  text: string;
  frontMatter: Postmortem;
  facts: Facts;
  findings: Finding[];
  actions: ActionItem[];
}

/**
 * A run's postmortem: facts → findings → action items → the template's
 * Markdown, finished as remark formats it (render.ts `finish`). Pure apart
 * from the renderer (compiled already): the same source, options and
 * template give the same bytes.
 */
export const generatePostmortem = (source: PostmortemSource, options: GenerateOptions): GeneratedPostmortem => {
  const facts = computeFacts(source);
  const id = postmortemIdOf(facts.runId);
  const earlier = options.earlier ?? [];
  const self = { id, date: facts.date };
  const findings = findingsOf(facts, earlier instanceof EarlierIndex ? earlier : earlier.filter((pm) => isBefore(pm, self)));
  const actions = actionItemsOf(findings, facts, id);
  const title = `${facts.experiment.name} game day, ${facts.date}`;
  const frontMatter = frontMatterOf({
    postmortemId: id,
    title,
    facts,
    findings,
    actions,
    generator: { version: options.version, template: options.renderer.name },
  });
  const context = { postmortemId: id, facts, findings, actions, events: source.events };
  const sections = Object.fromEntries(SECTIONS.map((section) => [section.name, section.view(context)]));
  const raw = options.renderer.render({ title: outsideText(title), frontMatter: frontMatterYaml(frontMatter), sections });
  return {
    id,
    fileName: postmortemFileName(facts.date, facts.experiment.name, facts.runId),
    text: options.renderer.finish(raw),
    frontMatter,
    facts,
    findings,
    actions,
  };
};
