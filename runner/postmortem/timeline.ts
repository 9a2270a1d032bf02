import { oneLine } from './escape.ts';
import type { Facts } from './facts.ts';
import { TIMELINE_KINDS, type PostmortemTimelineEntry, type PostmortemTimelineKind } from './schema.ts';

/**
 * The front matter's `timeline` (contract: /work/notes/timeline-contract.md), a function of the facts:
 *
 * - `run`: run.started → run.ended; end null when the run is unfinished.
 * - `fault`: one per fault injected, injected → removed (end null if never removed); detail: its kind;
 *   service: the service it makes misbehave (the proxy's upstream), else the one whose calls go through it.
 * - `alert`: one per dedup key, first trigger → its last resolution (end null if still firing at the end);
 *   detail: severity.
 * - `response`: one moment per acknowledgement, note or resolution, by a person or the automated responder.
 * - `recovery`: one moment per service that recovered, when it was back within tolerance.
 *
 * Times are the journal's own (`at`), so they match the Timeline section of the body. Labels are one line
 * of plain text (oneLine; the site escapes them where it shows them), never empty. Pure.
 */
export const timelineOf = (facts: Facts): PostmortemTimelineEntry[] => {
  const entries: PostmortemTimelineEntry[] = [];
  for (const fault of facts.faults) {
    if (fault.injected === null) continue;
    const [name, summary] = [oneLine(fault.name), oneLine(fault.summary)];
    const text = name !== '' && summary !== '' ? `${name}: ${summary}` : or(name || summary, 'a fault');
    entries.push(entry('fault', text, fault.injected.at, fault.removed?.at ?? null, { service: fault.dependency ?? fault.service, detail: fault.kind }));
  }
  for (const alert of facts.alerts.spans) {
    const name = or(alert.alert ?? alert.dedupKey, 'an alert without a name');
    entries.push(entry('alert', name, alert.first.at, alert.resolved?.at ?? null, { service: alert.service, detail: alert.severity }));
  }
  for (const response of facts.responses) {
    const who = or(response.by, 'someone');
    const text = response.action === 'note' ? `note by ${who}${noteText(response.text)}` : `${response.action} by ${who}`;
    entries.push(entry('response', text, response.at, null, { service: response.service }));
  }
  for (const recovery of facts.recovery) {
    if (!recovery.recovered) continue;
    const service = or(recovery.service, 'a service');
    entries.push(entry('recovery', `${service} recovered`, recovery.checked.at, null, { service: recovery.service }));
  }
  const runStart = facts.startedAt ?? earliest(entries);
  if (runStart !== null) {
    entries.push(entry('run', `run ${or(facts.runId, 'without an id')}`, runStart, facts.ended ? facts.endedAt : null, {}));
  }
  return sortByStart(entries);
};

/** Notes are cut to this many characters (code points) in a label; the body's Timeline has them whole. */
const NOTE_LENGTH = 80;

const noteText = (text: string | null): string => {
  const chars = Array.from(oneLine(text));
  if (chars.length === 0) return '';
  return `: ${chars.length > NOTE_LENGTH ? `${chars.slice(0, NOTE_LENGTH - 1).join('').trimEnd()}…` : chars.join('')}`;
};

/** The text on one line, or `fallback` when nothing is left of it (labels are never empty). */
const or = (text: string, fallback: string): string => oneLine(text) || fallback;

const entry = (
  kind: PostmortemTimelineKind,
  text: string,
  start: string,
  end: string | null,
  about: { service?: string | null; detail?: string },
): PostmortemTimelineEntry => ({
  kind,
  label: text,
  start,
  end,
  ...(about.service === null || about.service === undefined ? {} : { service: about.service }),
  ...(about.detail === undefined ? {} : { detail: about.detail }),
});

const earliest = (entries: readonly PostmortemTimelineEntry[]): string | null =>
  entries.reduce<string | null>((min, e) => (min === null || Date.parse(e.start) < Date.parse(min) ? e.start : min), null);

/** By start time; at the same millisecond, in TIMELINE_KINDS order (the run first), then as made (stable sort). */
const sortByStart = (entries: PostmortemTimelineEntry[]): PostmortemTimelineEntry[] =>
  entries.sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || TIMELINE_KINDS.indexOf(a.kind) - TIMELINE_KINDS.indexOf(b.kind));
