import { formatPercent } from '../format.ts';
import { md } from './common.ts';
import type { Section } from './section.ts';

/** Near misses the journal can show: what kept the impact small that nobody planned. */
export const whereWeGotLucky: Section = {
  name: 'where-we-got-lucky',
  heading: 'Where we got lucky',
  view: ({ facts, events }) => {
    const items: string[] = [];
    if (facts.impact.start === null || facts.faultsEnd === null) return { items };
    const end = facts.faultsEnd;
    const actedBefore = facts.incidents.some((i) => i.timeToAcknowledgeMs !== null && i.opened.t + i.timeToAcknowledgeMs <= end);
    const scheduled = events.some((e) => e.type === 'fault.removing' && e.reason === 'scheduled');
    if (scheduled && !actedBefore) {
      items.push('The fault ended on schedule, not because anyone acted: in a real incident the impact would have lasted until someone noticed and intervened.');
    }
    const rate = facts.traffic.during.errorRate;
    if (facts.detected === null && rate !== null && rate < 0.05) {
      items.push(`No alert fired, yet only ${formatPercent(rate)} of requests failed during the fault; a larger or longer fault would have gone unseen too.`);
    }
    const detector = facts.detected?.by;
    if (detector !== undefined && facts.alerts.unexpected.some((u) => u.dedupKey === detector) && facts.alerts.expected.every((a) => a.first === null)) {
      items.push(`The fault was noticed only because ${md(detector)} fired, an alert nobody planned for.`);
    }
    return { items };
  },
};
