import { formatClock } from '../format.ts';
import { offsetOf } from './common.ts';
import type { Section } from './section.ts';
import { describeEvent } from './timeline-events.ts';

/** Every journal event worth a person's eye, with its offset from the first fault's injection (T+0). */
export const timeline: Section = {
  name: 'timeline',
  heading: 'Timeline',
  view: ({ facts, events }) => ({
    origin: facts.impact.start === null ? 'the start of the traffic' : "the first fault's injection",
    entries: events.flatMap((event) => {
      const text = describeEvent(event, facts);
      return text === null ? [] : [{ offset: offsetOf(facts, event.t), time: formatClock(event.at), text }];
    }),
  }),
};
