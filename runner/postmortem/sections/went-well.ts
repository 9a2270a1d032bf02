import { formatMs } from '../format.ts';
import { md } from './common.ts';
import type { Section } from './section.ts';

/** What the journal shows worked: expectations met, alerts in time, recovery, a clean rollback. */
export const whatWentWell: Section = {
  name: 'what-went-well',
  heading: 'What went well',
  view: ({ facts }) => {
    const items: string[] = [];
    for (const a of facts.alerts.expected) {
      if (a.inTime) items.push(`${md(a.name)} fired ${formatMs(a.timeToDetectMs)} after the fault started, within ${formatMs(a.withinMs)}.`);
    }
    for (const x of facts.expectations) {
      if (x.met === true && x.type !== 'alert_fires') items.push(`${md(x.name)} held: ${md(x.detail)}.`);
    }
    for (const i of facts.incidents) {
      if (i.timeToAcknowledgeMs !== null && (i.ackDeadlineMs === null || i.timeToAcknowledgeMs <= i.ackDeadlineMs) && i.escalations === 0) {
        items.push(`Incident ${md(i.id)} was acknowledged after ${formatMs(i.timeToAcknowledgeMs)}, without escalating.`);
      }
    }
    if (facts.recovery.length > 0 && facts.recovery.every((r) => r.recovered)) {
      items.push(`Every service recovered by itself once the faults were removed (${formatMs(facts.timeToRecoverMs)}).`);
    }
    if (facts.rollback.complete === true) items.push('The rollback removed everything the run made.');
    return { items };
  },
};
