import type { Postmortem, ReadPostmortem } from '../../../runner/postmortem/index.ts';
import type { TimelineEntry } from '../../../runner/site/timeline.ts';

/**
 * What the postmortems loader stores for one file (the collection entry's `data`), JSON-safe. It is what
 * runner/postmortem's `readPostmortem` said of the file, plus what the site needs to place it.
 */
export interface PostmortemData {
  /** The page slug (the entry's id): the file name without `.md`, made URL-safe and unique. */
  slug: string;
  /** Absolute path of the file. */
  path: string;
  /** The id insights know it by: the front matter's id, else the file name without `.md`. */
  id: string;
  /** The front matter's title, else the first `# ` heading, else the id. */
  title: string;
  /** YYYY-MM-DD, null when neither the front matter nor the file name has one. */
  date: string | null;
  /** The valid front-matter fields (runner/postmortem's lenient reader). */
  frontMatter: Partial<Postmortem>;
  /** The body's task-list items (people tick them there). */
  actionItems: ReadPostmortem['actionItems'];
  /** True when the generator wrote the body. */
  generated: boolean;
  timeline: TimelineEntry[];
  /** The file's problems, one line each (`file:line:col  field  message`), shown on its page. */
  warnings: string[];
  /** The first paragraph of the summary, as plain text, for the feed and the search index. */
  summary: string;
}
