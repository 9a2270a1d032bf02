import { createHash } from 'node:crypto';
import { oneLine } from './escape.ts';
import type { Facts } from './facts.ts';
import type { Finding } from './findings.ts';
import { addDays, formatMs } from './format.ts';

/** Days from the run to an action item's due date. */
export const DUE_AFTER_DAYS = 14;

/** One follow-up, a GitHub task-list item in the postmortem: `- [ ] AI-xxxxxx text — owner, due YYYY-MM-DD`. */
export interface ActionItem {
  /** `AI-` + 6 hex, from the postmortem id and the finding's key: the same on every regeneration. */
  id: string;
  /** Plain text (escaped when rendered); one line, never holding ` — ` (see ITEM_SEPARATOR). */
  text: string;
  /** The team owning the finding's service; null when the experiment does not say. Never holds ` — ` either. */
  owner: string | null;
  /** ISO date: the run's date + 14 days. */
  due: string;
  done: boolean;
  /** The finding's key. */
  finding: string;
}

/** `AI-` and the first 6 hex digits of SHA-256(`<postmortem id>\n<finding key>`). */
export const actionItemId = (postmortemId: string, findingKey: string): string =>
  `AI-${createHash('sha256').update(`${postmortemId}\n${findingKey}`).digest('hex').slice(0, 6)}`;

/**
 * One action item per finding (the first of any two with the same key), in
 * the findings' order; the recurring failure modes share one item (key
 * `recurring`), so a run that repeats old failures does not double its list.
 */
export const actionItemsOf = (findings: readonly Finding[], facts: Facts, postmortemId: string): ActionItem[] => {
  const owners = new Map(facts.services.map((s) => [s.name, s.owner]));
  const due = addDays(facts.date, DUE_AFTER_DAYS);
  const item = (key: string, text: string, service: string | null): ActionItem => {
    const owner = service === null ? null : (owners.get(service) ?? null);
    return {
      id: actionItemId(postmortemId, key),
      text: withoutSeparator(text),
      owner: owner === null ? null : withoutSeparator(owner),
      due,
      done: false,
      finding: key,
    };
  };
  const seen = new Set<string>();
  const items = findings.flatMap((finding) => {
    if (finding.kind === 'recurring' || seen.has(finding.key)) return [];
    seen.add(finding.key);
    return [item(finding.key, textOf(finding, facts), finding.service)];
  });
  const recurring = findings.filter((f) => f.kind === 'recurring');
  const first = recurring[0];
  if (first === undefined) return items;
  // No postmortem ids here: the text stays the same when more postmortems share the failure modes.
  const modes = recurring.map((f) => f.fingerprint).join(', ');
  return [...items, item(RECURRING_KEY, `Find out why these failure modes keep coming back, and fix them for good: ${modes}`, first.service)];
};

/**
 * On an item's line, ` — ` (an em dash between spaces) separates the text from `owner, due YYYY-MM-DD`, and the
 * reader splits at the last one; so no generated text or owner holds it: durations that were not measured read
 * `n/a` (not formatMs's `—`), and one in text from outside (an alert's name) becomes ` - `.
 */
export const ITEM_SEPARATOR = ' — ';

const withoutSeparator = (text: string): string => oneLine(text).replace(/ —(?= )/g, ' -');

/** A duration for an item's text: `2.3s`, or `n/a` when it was not measured. */
const duration = (ms: number | null): string => (ms === null || !Number.isFinite(ms) ? 'n/a' : formatMs(ms));

/** The finding key of the one action item for every recurring failure mode of a run. */
export const RECURRING_KEY = 'recurring';

/** What to do about a finding, as an imperative a team can pick up. */
const textOf = (finding: Finding, facts: Facts): string => {
  const subject = finding.key.slice(finding.key.indexOf(':') + 1);
  const fault = finding.fault ?? 'the fault';
  switch (finding.kind) {
    case 'missed-alert': {
      const alert = facts.alerts.expected.find((a) => a.name === subject);
      return `Make the alert ${subject} fire within ${duration(alert?.withinMs ?? null)} of ${fault} (it never fired)`;
    }
    case 'slow-detection': {
      const alert = facts.alerts.expected.find((a) => a.name === subject);
      return `Make the alert ${subject} fire within ${duration(alert?.withinMs ?? null)} of ${fault} (it took ${duration(alert?.timeToDetectMs ?? null)})`;
    }
    case 'noisy-alert':
      return facts.alerts.silentBroken.some((s) => s.name === subject)
        ? `Keep the alert ${subject} silent during ${fault}, or change the alert_silent expectation`
        : `Tune, route or retire the alert ${subject}: it fired during ${fault} and nobody expected it`;
    case 'no-acknowledgement':
      return `Find out why incident ${subject} was not acknowledged in time, and fix the paging path`;
    case 'not-recovered':
      return `Make ${subject} recover by itself after ${fault} ends`;
    case 'failed-expectation':
      return `Make ${subject} hold during ${fault}, or revise the expectation`;
    case 'recurring':
      return `Find out why the failure mode ${finding.fingerprint} keeps coming back`;
  }
};
