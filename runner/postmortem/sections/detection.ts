import { formatClock, formatMs } from '../format.ts';
import { md, offsetOf } from './common.ts';
import type { Section } from './section.ts';

/** Which expected alerts fired and how fast; which alerts nobody expected. */
export const detection: Section = {
  name: 'detection',
  heading: 'Detection',
  view: ({ facts }) => ({
    experimentLoaded: facts.experiment.loaded,
    detected: facts.detected === null ? null : { by: md(facts.detected.by), after: formatMs(facts.timeToDetectMs) },
    expected: facts.alerts.expected.map((a) => ({
      name: md(a.name),
      within: formatMs(a.withinMs),
      after: a.first === null ? 'never fired' : formatMs(a.timeToDetectMs),
      result: a.first === null ? 'missed' : a.inTime ? 'in time' : 'late',
    })),
    unexpected: facts.alerts.unexpected.map((u) => ({
      key: md(u.dedupKey),
      summary: md(u.summary),
      origin: md(u.origin),
      severity: md(u.severity),
      count: u.count,
      offset: offsetOf(facts, u.first.t),
      time: formatClock(u.first.at),
    })),
    silentBroken: facts.alerts.silentBroken.map((s) => ({ name: md(s.name), count: s.count, offset: offsetOf(facts, s.first.t) })),
    received: facts.alerts.received,
    unique: facts.alerts.unique,
    noise: facts.alerts.noise,
  }),
};
