import { formatMs } from '../format.ts';
import { md, offsetOf, sentence } from './common.ts';
import type { Section } from './section.ts';

/** The injected faults (the trigger) and what each exposed: the findings that followed it. */
export const contributingFactors: Section = {
  name: 'contributing-factors',
  heading: 'Contributing factors',
  view: ({ facts, findings }) => ({
    faults: facts.faults.map((f) => ({
      name: md(f.name),
      summary: md(f.summary),
      description: f.description === null ? null : sentence(md(f.description)),
      path:
        f.service === null
          ? null
          : f.dependency === null
            ? `calls from ${md(f.service)}`
            : `calls from ${md(f.service)} to ${md(f.dependency)}`,
      window:
        f.injected === null
          ? `never injected: ${md(f.failed ?? 'unknown')}`
          : `${offsetOf(facts, f.injected.t)} to ${f.removed === null ? 'the end of the run' : offsetOf(facts, f.removed.t)}` +
            (f.removed === null ? '' : ` (${formatMs(f.removed.t - f.injected.t)})`),
      exposed: findings.filter((x) => x.fault === f.name && x.kind !== 'recurring').map((x) => md(x.title)),
    })),
  }),
};
