import type { Facts } from '../facts.ts';
import { count, formatLatency, formatMs, formatPercent } from '../format.ts';
import { faultSpan, md, sentence } from './common.ts';
import type { Section } from './section.ts';

/** What happened, how bad, how it was found and how it ended, in a few lines. */
export const summary: Section = {
  name: 'summary',
  heading: 'Summary',
  view: ({ facts, actions }) => ({
    date: facts.date,
    experiment: md(facts.experiment.name),
    injected: injectedText(facts),
    verdict: md(facts.verdict),
    verdictReason: sentence(md(facts.verdictReason)),
    description: facts.experiment.description === null ? null : md(facts.experiment.description),
    hypothesis: facts.experiment.hypothesis === null ? null : md(facts.experiment.hypothesis),
    impact: impactText(facts),
    detection: detectionText(facts),
    recovery: recoveryText(facts),
    severity: facts.severity,
    actionItems: count(actions.length, 'action item'),
  }),
};

const injectedText = (facts: Facts): string => {
  const injected = facts.faults.filter((f) => f.injected !== null);
  if (injected.length === 0) return 'no fault (none was injected)';
  const list = injected.map((f) => `${md(f.summary)} (${md(f.name)})`).join('; ');
  return facts.faultsEnd === null ? `${list}, still on when the run stopped` : `${list} for ${faultSpan(facts)}`;
};

const END: Record<Facts['impact']['endReason'], string> = {
  recovered: 'until every service was back within tolerance',
  'faults-removed': 'until the faults were removed (recovery was not measured)',
  'not-recovered': 'was not over when the run ended (a service did not recover)',
  'faults-left': 'was not over when the run ended (a fault was still on)',
  'no-fault': '',
};

const impactText = (facts: Facts): string => {
  if (facts.impact.start === null) return 'none: no fault was injected.';
  const { during, before } = facts.traffic;
  const lasted = facts.impact.durationMs === null ? 'It' : `${formatMs(facts.impact.durationMs)}`;
  const requests =
    facts.traffic.from === 'none'
      ? 'no requests were measured'
      : `${during.failures} of ${count(during.requests, facts.traffic.from === 'traffic' ? 'request' : 'probe check')} failed during the ${facts.faults.length > 1 ? 'faults' : 'fault'} (${formatPercent(during.errorRate)}); p99 ${formatLatency(before.p99)} before, ${formatLatency(during.p99)} during`;
  return `${lasted} ${END[facts.impact.endReason]}; ${requests}.`;
};

const detectionText = (facts: Facts): string => {
  if (facts.impact.start === null) return 'nothing to detect.';
  if (facts.detected === null) return 'no alert fired after the fault started.';
  const ack =
    facts.acknowledged === null
      ? 'nobody acknowledged it'
      : `${md(facts.acknowledged.by)} acknowledged it ${formatMs(facts.timeToAcknowledgeMs)} later`;
  return `${md(facts.detected.by)} fired ${formatMs(facts.timeToDetectMs)} after the fault started; ${ack}.`;
};

const recoveryText = (facts: Facts): string => {
  const failed = facts.recovery.filter((r) => !r.recovered).map((r) => md(r.service));
  if (failed.length > 0) return `${failed.join(', ')} did not recover before the run ended.`;
  if (facts.recovered === null) return 'not measured.';
  return `every service was within tolerance ${formatMs(facts.timeToRecoverMs)} after the fault ended.`;
};
