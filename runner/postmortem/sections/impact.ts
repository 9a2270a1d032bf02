import type { PhaseStats } from '../facts-traffic.ts';
import { formatLatency, formatMs, formatPercent } from '../format.ts';
import { md } from './common.ts';
import type { Section } from './section.ts';

/** Requests, errors and latency before, during and after the faults; the impact window; the services. */
export const impact: Section = {
  name: 'impact',
  heading: 'Impact',
  view: ({ facts }) => {
    const { before, during, after, from, total } = facts.traffic;
    const row = (label: string, cell: (p: PhaseStats) => string) => ({ label, before: cell(before), during: cell(during), after: cell(after) });
    return {
      measured: from !== 'none',
      source: from === 'traffic' ? 'the traffic' : 'the probes',
      rows: [
        row(from === 'traffic' ? 'Requests' : 'Probe checks', (p) => String(p.requests)),
        row('Failed', (p) => String(p.failures)),
        row('Error rate', (p) => formatPercent(p.errorRate)),
        row('Latency p50', (p) => formatLatency(p.p50)),
        row('Latency p99', (p) => formatLatency(p.p99)),
      ],
      total: { requests: `${total.requests} ${from === 'probes' ? 'probe checks' : 'requests'}`, failures: total.failures, errorRate: formatPercent(total.errorRate) },
      window: facts.impact.start === null ? null : windowText(facts.impact.durationMs, facts.impact.endReason),
      services: facts.services.map((s) => ({
        name: md(s.name),
        owner: s.owner === null ? null : md(s.owner),
        importance: s.importance === null ? null : md(s.importance),
      })),
    };
  },
};

const windowText = (durationMs: number | null, reason: string): string => {
  if (durationMs === null) return 'not over when the run ended';
  return reason === 'recovered'
    ? `${formatMs(durationMs)}, from the first fault's injection until every service was back within tolerance`
    : `${formatMs(durationMs)}, from the first fault's injection until the last was removed (recovery was not measured)`;
};
