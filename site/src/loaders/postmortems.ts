import { mkdir, writeFile } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import type { Loader, LoaderContext } from 'astro/loaders';
import { readPostmortemDir, type ReadPostmortem } from '../../../runner/postmortem/index.ts';
import { REPORT_FILE, type LoadReport } from '../../../runner/site/report.ts';
import { timelineOf } from '../../../runner/site/timeline.ts';
import { selectForSite, siteWarnings, skippedLine, warningLines } from '../../../runner/site/usable.ts';
import type { PostmortemData } from '../lib/entry.ts';
import { summaryOf } from '../lib/summary.ts';

/**
 * The postmortems folder as a content collection. Files are read with runner/postmortem's `readPostmortemDir`
 * (the reader `gameday insights` uses, so both agree on what a file says) and chosen with runner/site's
 * `selectForSite`: a file that cannot be used is logged with its path, line and what is wrong, and skipped;
 * a file with problems that can be used is logged and published with what it has. No file breaks the build.
 *
 * Bodies are rendered with the content layer's `renderMarkdown` (the site's Markdown config, which makes
 * outside HTML text: see src/markdown/safe-markdown.ts). An entry whose file did not change since the last
 * build (same digest) keeps its rendered HTML, so a rebuild renders only what changed. What was published,
 * skipped and warned about is left in Astro's cache folder for `buildSite` (runner/site/report.ts).
 */
export interface PostmortemLoaderOptions {
  /** Absolute path of the postmortems folder. */
  dir: string;
}

export const postmortemLoader = (options: PostmortemLoaderOptions): Loader => {
  if (!isAbsolute(options.dir)) {
    throw new Error(`the postmortems folder must be an absolute path (GAMEDAY_POSTMORTEMS_DIR), got "${options.dir}"`);
  }
  return { name: 'gameday-postmortems', load: (context) => load(options.dir, context) };
};

const load = async (dir: string, context: LoaderContext): Promise<void> => {
  const { store, logger, meta } = context;
  // A different folder than last time: nothing in the store is ours.
  if (meta.get('dir') !== dir) store.clear();
  meta.set('dir', dir);

  const started = performance.now();
  const selection = selectForSite(await readPostmortemDir(dir));
  const read = performance.now();
  for (const file of selection.skipped) logger.warn(skippedLine(file));
  const seen = new Set<string>();
  let rendered = 0;
  for (const { postmortem, slug } of selection.used) {
    const data = dataOf(postmortem, slug);
    for (const line of data.warnings) logger.warn(line);
    seen.add(slug);
    const digest = context.generateDigest({ data: JSON.stringify(data), body: postmortem.body });
    if (store.get(slug)?.digest === digest) continue;
    const body = withoutTitle(postmortem.body);
    // No `body` in the store: pages show the rendered HTML, and the store is bundled into the build.
    store.set({ id: slug, data: { ...data }, rendered: await context.renderMarkdown(body), digest });
    rendered += 1;
  }
  for (const id of store.keys()) if (!seen.has(id)) store.delete(id);
  const report: LoadReport = {
    dir,
    postmortems: selection.used.length,
    skipped: selection.skipped,
    warnings: selection.used.flatMap(({ postmortem }) => siteWarnings(postmortem)),
  };
  await mkdir(context.config.cacheDir, { recursive: true });
  await writeFile(new URL(REPORT_FILE, context.config.cacheDir), JSON.stringify(report));
  const seconds = (from: number, to: number): string => `${((to - from) / 1000).toFixed(1)}s`;
  logger.info(
    `${seen.size} postmortems from ${dir}: read in ${seconds(started, read)}, ${rendered} rendered in ${seconds(read, performance.now())}, ` +
      `${selection.skipped.length} skipped`,
  );
};

const dataOf = (postmortem: ReadPostmortem, slug: string): PostmortemData => {
  const fm = postmortem.frontMatter;
  const stem = /([^/\\]+?)(\.md)?$/i.exec(postmortem.path)?.[1] ?? slug;
  const id = fm.id ?? stem;
  const timeline = timelineOf(postmortem);
  return {
    slug,
    path: postmortem.path,
    id,
    title: fm.title ?? id,
    date: fm.date ?? null,
    frontMatter: fm,
    actionItems: postmortem.actionItems,
    generated: postmortem.generated,
    timeline: timeline.entries,
    warnings: [...warningLines(siteWarnings(postmortem)), ...timeline.problems.map((problem) => `${postmortem.path}  ${problem}`)],
    summary: summaryOf(postmortem),
  };
};

/** The body without its leading `# Title` line (the page shows the title itself). */
const withoutTitle = (body: string): string => body.replace(/^\s*# [^\n]*\n/, '');
