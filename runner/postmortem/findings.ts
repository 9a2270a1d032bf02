import { EarlierIndex, newestFirst } from './earlier-index.ts';
import { oneLine } from './escape.ts';
import type { Facts } from './facts.ts';
import type { FaultFact } from './facts-faults.ts';
import { fingerprintOf } from './fingerprint.ts';
import { formatMs } from './format.ts';
import { postmortemIdOf } from './front-matter.ts';
import type { EarlierPostmortem } from './source.ts';

export type FindingKind =
  | 'missed-alert'
  | 'slow-detection'
  | 'noisy-alert'
  | 'no-acknowledgement'
  | 'not-recovered'
  | 'failed-expectation'
  | 'recurring';

/** Something the run showed that a team should act on. Texts are plain (escaped when rendered). */
export interface Finding {
  /** Stable across regenerations of the same run: `<kind>:<subject>`. Action item ids derive from it. */
  key: string;
  kind: FindingKind;
  /** One line: what went wrong. */
  title: string;
  /** What was measured. */
  detail: string;
  /** The service whose owners act on it. */
  service: string | null;
  /** The fault it followed. */
  fault: string | null;
  /** The failure mode (see fingerprint.ts). */
  fingerprint: string;
  /** For `recurring`: ids of earlier postmortems with the same fingerprint. */
  related: string[];
}

/** A fingerprint this run shares with earlier postmortems. */
export interface Recurrence {
  fingerprint: string;
  /** The earlier postmortems' ids, most recent first, each once; at most findRelated's `limit`. */
  ids: string[];
  /** How many earlier postmortems share it (more than `ids` holds when the limit cut it). */
  count: number;
}

/**
 * The findings of a run, in a fixed order (by kind, then by the order of
 * the facts). `earlier`: postmortems written before, for the recurring-failure
 * finding: a list (this run's own and later ones excluded by the caller), or
 * an EarlierIndex of any postmortems (it keeps only those before this run).
 */
export const findingsOf = (facts: Facts, earlier: readonly EarlierPostmortem[] | EarlierIndex = []): Finding[] => {
  const faultNamed = (name: string | null): FaultFact | undefined =>
    facts.faults.find((f) => f.name === name) ?? facts.faults.find((f) => f.injected !== null);
  const faultExactly = (name: string | null): FaultFact | undefined => facts.faults.find((f) => f.name === name);
  const make = (kind: FindingKind, subject: string, fault: FaultFact | undefined, service: string | null, title: string, detail: string): Finding => ({
    key: `${kind}:${oneLine(subject)}`,
    kind,
    title,
    detail,
    service: service ?? fault?.service ?? null,
    fault: fault?.name ?? null,
    fingerprint: fingerprintOf(fault, kind === 'failed-expectation' ? subject : `${subject}-${kind}`),
    related: [],
  });
  const found: Finding[] = [];
  for (const a of facts.alerts.expected) {
    const fault = faultNamed(a.fault);
    if (a.first === null) {
      found.push(make('missed-alert', a.name, fault, a.service, `The expected alert ${a.name} never fired`, `${a.name} should have fired within ${formatMs(a.withinMs)} of ${fault?.name ?? 'the fault'} starting; it did not fire at all.`));
    } else if (!a.inTime) {
      found.push(make('slow-detection', a.name, fault, a.service, `${a.name} detected the fault late`, `${a.name} fired ${formatMs(a.timeToDetectMs)} after ${fault?.name ?? 'the fault'} started; it was expected within ${formatMs(a.withinMs)}.`));
    }
  }
  for (const u of facts.alerts.unexpected) {
    found.push(make('noisy-alert', u.dedupKey, faultExactly(u.fault), u.service, `Noisy alert nobody expected: ${u.summary}`, `${u.origin} alert ${u.dedupKey} (${u.severity}) fired ${u.count} time(s); no expectation or expected alert names it.`));
  }
  for (const s of facts.alerts.silentBroken) {
    found.push(make('noisy-alert', s.name, faultExactly(s.fault), s.service, `${s.name} fired although it was expected to stay silent`, `${s.name} fired ${s.count} time(s); an alert_silent expectation says it should not fire during this drill.`));
  }
  for (const i of facts.incidents) {
    // Only paging (high-urgency) incidents wait for someone. Late: it escalated, or the first level's timeout
    // passed without an acknowledgement (unless it was resolved, e.g. by its alert clearing, before that).
    const acked = i.timeToAcknowledgeMs;
    const deadline = i.ackDeadlineMs;
    const resolvedFirst = i.timeToRecoverMs !== null && (acked === null || i.timeToRecoverMs < acked) && (deadline === null || i.timeToRecoverMs <= deadline);
    const late = i.escalations > 0 || (deadline !== null && !resolvedFirst && (acked === null || acked > deadline));
    if (i.urgency !== 'high' || !late) continue;
    const title =
      deadline === null
        ? `Incident ${i.id} escalated before anyone acknowledged it`
        : `Incident ${i.id} was not acknowledged within the escalation time of ${formatMs(deadline)}`;
    const what = acked === null ? 'was never acknowledged' : `was acknowledged after ${formatMs(acked)}`;
    found.push(make('no-acknowledgement', i.id, faultNamed(i.fault), i.service, title, `${i.title}: it ${what}, and escalated ${i.escalations} time(s).`));
  }
  for (const r of facts.recovery.filter((r) => !r.recovered)) {
    found.push(make('not-recovered', r.service, faultNamed(null), r.service, `${r.service} did not recover after the fault ended`, r.detail));
  }
  const covered = new Set(['alert_fires', 'alert_silent']);
  for (const x of facts.expectations) {
    if (x.met !== false || covered.has(x.type)) continue;
    if (x.type === 'recovers' && facts.recovery.some((r) => r.service === x.service && !r.recovered)) continue;
    found.push(make('failed-expectation', x.name, faultNamed(x.fault), x.service, `Expectation ${x.name} did not hold`, x.detail));
  }
  const fingerprints = found.map((f) => f.fingerprint);
  const recurrences =
    earlier instanceof EarlierIndex
      ? earlier.recurrences(fingerprints, { id: postmortemIdOf(facts.runId), date: facts.date }, RELATED_SHOWN)
      : findRelated(fingerprints, earlier, RELATED_SHOWN);
  for (const r of recurrences) {
    const origin = found.find((f) => f.fingerprint === r.fingerprint);
    const shown = r.ids;
    const more = r.count - shown.length;
    found.push({
      key: `recurring:${r.fingerprint}`,
      kind: 'recurring',
      title: `A failure mode seen before: ${r.fingerprint}`,
      detail: `The same failure mode is in ${shown.join(', ')}${more > 0 ? ` and ${more} earlier postmortem(s)` : ''}.`,
      service: origin?.service ?? null,
      fault: origin?.fault ?? null,
      fingerprint: r.fingerprint,
      related: shown,
    });
  }
  return found;
};

/** How many earlier postmortems a recurring finding links (the most recent); the rest are counted. */
export const RELATED_SHOWN = 3;

/**
 * The fingerprints that earlier postmortems share, each with the ids of those postmortems, most recent first
 * (by date, then id; undated last), without repeats, at most `limit` of them, and how many there are. For one
 * run; a batch asks an EarlierIndex instead, which needs no pass over every earlier postmortem.
 */
export const findRelated = (fingerprints: readonly string[], earlier: readonly EarlierPostmortem[], limit = Number.POSITIVE_INFINITY): Recurrence[] => {
  const newest = [...earlier].sort(newestFirst);
  return [...new Set(fingerprints)].flatMap((fingerprint) => {
    const ids = [...new Set(newest.filter((pm) => pm.fingerprints.includes(fingerprint)).map((pm) => pm.id))];
    return ids.length === 0 ? [] : [{ fingerprint, ids: ids.slice(0, limit), count: ids.length }];
  });
};
