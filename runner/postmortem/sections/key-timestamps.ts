import type { Instant } from '../facts.ts';
import { formatMs } from '../format.ts';
import { md, offsetOf } from './common.ts';
import type { Section } from './section.ts';

/** Impact start, detected, acknowledged, recovered, impact end; and the durations between them. */
export const keyTimestamps: Section = {
  name: 'key-timestamps',
  heading: 'Key timestamps',
  view: ({ facts }) => {
    const firstFault = facts.faults.find((f) => f.injected?.t === facts.impact.start?.t);
    const moment = (label: string, instant: Instant | null, note: string) => ({
      label,
      time: instant === null ? '—' : `${instant.at.slice(0, 10)} ${instant.at.slice(11, 23)}`,
      offset: instant === null ? '—' : offsetOf(facts, instant.t),
      note,
    });
    return {
      moments: [
        moment('Impact start', facts.impact.start, firstFault === undefined ? 'no fault was injected' : `${md(firstFault.name)} injected`),
        moment('Detected', facts.detected, facts.detected === null ? 'no alert fired' : `${md(facts.detected.by)} fired`),
        moment('Acknowledged', facts.acknowledged, facts.acknowledged === null ? 'nobody acknowledged' : `by ${md(facts.acknowledged.by)}`),
        moment('Recovered', facts.recovered, facts.recovered === null ? 'not measured, or not recovered' : 'every service within tolerance'),
        moment('Impact end', facts.impact.end, facts.impact.end === null ? 'not over when the run ended' : ''),
      ],
      timeToDetect: formatMs(facts.timeToDetectMs),
      timeToAcknowledge: formatMs(facts.timeToAcknowledgeMs),
      timeToRecover: formatMs(facts.timeToRecoverMs),
      impact: formatMs(facts.impact.durationMs),
    };
  },
};
