import { formatMs } from '../format.ts';
import { md, yesNo } from './common.ts';
import type { Section } from './section.ts';

/** The record behind the text: the run, every expectation's result, recovery per service, the steady state, rollback. */
export const supportingData: Section = {
  name: 'supporting-data',
  heading: 'Supporting data',
  view: ({ facts, events }) => ({
    runId: md(facts.runId),
    experimentFile: facts.experiment.file === null ? null : md(facts.experiment.file),
    started: facts.startedAt ?? '—',
    ended: facts.endedAt ?? '—',
    events: events.length,
    expectations: facts.expectations.map((x) => ({
      name: md(x.name),
      type: md(x.type),
      result: x.met === null ? 'not judged' : x.met ? 'met' : '**not met**',
      detail: md(x.detail),
    })),
    recovery: facts.recovery.map((r) => ({ service: md(r.service), recovered: yesNo(r.recovered), after: formatMs(r.afterMs), detail: md(r.detail) })),
    steadyBefore: yesNo(facts.steadyState.before, 'held', 'did not hold', 'not measured'),
    steadyAfter: yesNo(facts.steadyState.after, 'held', 'did not hold', 'not measured'),
    stopCondition: facts.stopCondition === null ? null : `${md(facts.stopCondition.condition)}: ${md(facts.stopCondition.detail)}`,
    rollback: facts.rollback.complete === null ? 'not recorded' : facts.rollback.complete ? 'complete' : `incomplete, left: ${md(facts.rollback.left.join('; '))}`,
    alerts: { received: facts.alerts.received, unique: facts.alerts.unique, noise: facts.alerts.noise },
  }),
};
