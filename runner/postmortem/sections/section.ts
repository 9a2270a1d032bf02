import type { JournalEvent } from '../../journal/index.ts';
import type { ActionItem } from '../actions.ts';
import type { Facts } from '../facts.ts';
import type { Finding } from '../findings.ts';
import type { SectionName } from '../schema.ts';

/** What every section's view is built from. */
export interface ViewContext {
  postmortemId: string;
  facts: Facts;
  findings: readonly Finding[];
  actions: readonly ActionItem[];
  events: readonly JournalEvent[];
}

/**
 * One section of a postmortem: its name (the `gameday:section` marker), its
 * heading, and the data its partial (templates/<template>/partials/<name>.hbs)
 * renders. Every string in a view is Markdown: text from outside is marked
 * by `md` (escape.ts outsideText) and escaped where it lands after rendering,
 * so templates print it as is. Views hold every field they name, null when
 * there is nothing (templates run strict).
 */
export interface Section {
  name: SectionName;
  heading: string;
  view(context: ViewContext): Record<string, unknown>;
}
