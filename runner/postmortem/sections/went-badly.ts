import { md, sentence } from './common.ts';
import type { Section } from './section.ts';

/** Every finding (what went wrong and what was measured); a run that did not finish; what it left behind. */
export const whatWentBadly: Section = {
  name: 'what-went-badly',
  heading: 'What went badly',
  view: ({ findings, facts }) => ({
    items: findings.map((f) => ({ title: md(f.title), detail: sentence(md(f.detail)), kind: f.kind })),
    unfinished: facts.ended ? null : 'The journal ends before the run did: the runner stopped, and the run has no verdict.',
    rollbackLeft: facts.rollback.complete === false ? md(facts.rollback.left.join('; ')) : null,
  }),
};
