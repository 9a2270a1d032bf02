import { md } from './common.ts';
import type { Section } from './section.ts';

/** The action items as GitHub task-list items: `- [ ] AI-xxxxxx text — owner, due YYYY-MM-DD`. */
export const actionItems: Section = {
  name: 'action-items',
  heading: 'Action items',
  view: ({ actions }) => ({
    items: actions.map((a) => ({
      id: a.id,
      done: a.done,
      text: md(a.text),
      // Owner and due date after `— `, as the merge on regeneration reads them.
      meta: [a.owner === null ? null : md(a.owner), `due ${a.due}`].filter((x) => x !== null).join(', '),
    })),
  }),
};
