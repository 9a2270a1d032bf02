import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';

/**
 * The one Markdown dialect of postmortems: CommonMark + GFM (tables, task
 * lists) + YAML front matter, written back in one style (`-` bullets, `*`
 * strong, `_` emphasis, fenced code). A postmortem from the default template
 * is what this processor writes (finish.ts writes it so, without it); one
 * from a team's own template is formatted by it. Either way, formatting a
 * generated postmortem again changes nothing.
 */
const processor = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkGfm)
  .use(remarkStringify, { bullet: '-', emphasis: '_', strong: '*', rule: '-', fences: true, listItemIndent: 'one' })
  .freeze();

/** Parses Markdown and writes it back formatted. */
export const formatMarkdown = (text: string): string => String(processor.processSync(text));

/** The syntax tree (mdast), for checks and tests. */
export const parseMarkdown = (text: string) => processor.runSync(processor.parse(text));
