import type { Postmortem, PostmortemVerdict, ReadPostmortem } from '../postmortem/index.ts';
import { compare } from './order.ts';

/** A task-list item of a postmortem's body, as runner/postmortem reads it. */
type BodyActionItem = ReadPostmortem['actionItems'][number];

/**
 * What insights read of one postmortem. A `ReadPostmortem` (runner/postmortem `readPostmortem`) fits as is; a
 * bare front matter (`{ frontMatter }`) does too. Every field of the front matter may be missing: hand-written
 * postmortems have what they have, and insights use what is there.
 */
export interface PostmortemInput {
  /** Where the file is; the id falls back to its name, and git history (ticks) is looked up by it. */
  path?: string;
  frontMatter: Partial<Postmortem>;
  /** The body's task-list items: people tick and assign them there, so they win over the front matter's copy. */
  actionItems?: readonly BodyActionItem[];
  /** True when the generator wrote the body; when not given, a front matter without `generator` means by hand. */
  generated?: boolean;
}

/** One action item as insights see it: the front matter's, updated from the body. */
export interface EntryItem {
  /** `AI-xxxxxx`, or null for an item people added without one. */
  id: string | null;
  text: string;
  owner: string | null;
  /** YYYY-MM-DD */
  due: string | null;
  done: boolean;
  /** The finding's key (`failed-expectation:checkout-stays-fast`, `recurring`); null for items people added. */
  finding: string | null;
}

/** Whether an alert caught a run's faults: null when no fault was injected, or the file does not say. */
export type Detection = 'caught' | 'missed' | null;

/** One postmortem, normalised; entries are kept in chronological order (see `entriesOf`). */
export interface Entry {
  /** The front matter's id, else the file name without `.md`, else `#<input index>`. */
  id: string;
  path: string | null;
  /** YYYY-MM-DD; null when neither the front matter nor the file name has one. */
  date: string | null;
  experiment: string | null;
  verdict: PostmortemVerdict | null;
  services: readonly string[];
  faultKinds: readonly string[];
  /** Milliseconds, null when not measured or not given. */
  timeToDetect: number | null;
  timeToAcknowledge: number | null;
  timeToRecover: number | null;
  detection: Detection;
  alerts: Postmortem['alerts'] | null;
  fingerprints: readonly string[];
  tags: readonly string[];
  handWritten: boolean;
  /**
   * True when this postmortem's findings are known: the drill ran to its end (verdict held or deviated) and the
   * front matter lists its action items, one per finding. Only such postmortems can verify an earlier item.
   */
  findingsKnown: boolean;
  /** The finding keys of the front matter's action items. */
  findingKeys: ReadonlySet<string>;
  items: readonly EntryItem[];
}

/** Verdicts of drills that ran to the end, so every expectation was judged. */
const COMPLETE_VERDICTS: ReadonlySet<string> = new Set(['held', 'deviated']);

/**
 * The inputs as entries, oldest first: by date (undated last), then the moment the first fault was injected,
 * then id.
 */
export const entriesOf = (inputs: readonly PostmortemInput[]): Entry[] => {
  const entries = inputs.map((input, index) => entryOf(input, index));
  const keyed = entries.map((entry, index) => ({ entry, start: inputs[index]?.frontMatter.timestamps?.impact_start ?? '' }));
  keyed.sort(
    (a, b) =>
      compareDates(a.entry.date, b.entry.date) || compare(a.start, b.start) || compare(a.entry.id, b.entry.id),
  );
  return keyed.map(({ entry }) => entry);
};

const entryOf = (input: PostmortemInput, index: number): Entry => {
  const fm = input.frontMatter;
  const path = input.path ?? null;
  const fileId = path === null ? null : (/([^/\\]+?)(\.md)?$/i.exec(path)?.[1] ?? null);
  const items = itemsOf(fm.action_items, input.actionItems);
  const durations = fm.durations_ms;
  const verdict = fm.verdict ?? null;
  return {
    id: fm.id ?? fileId ?? `#${index}`,
    path,
    date: fm.date ?? null,
    experiment: fm.experiment?.name ?? null,
    verdict,
    services: unique(fm.services ?? []),
    faultKinds: unique(fm.fault_kinds ?? []),
    timeToDetect: durations?.time_to_detect ?? null,
    timeToAcknowledge: durations?.time_to_acknowledge ?? null,
    timeToRecover: durations?.time_to_recover ?? null,
    detection: detectionOf(fm),
    alerts: fm.alerts ?? null,
    fingerprints: unique(fm.fingerprints ?? []),
    tags: unique(fm.tags ?? []),
    handWritten: input.generated === undefined ? fm.generator === undefined : !input.generated,
    findingsKnown: fm.action_items !== undefined && verdict !== null && COMPLETE_VERDICTS.has(verdict),
    findingKeys: new Set((fm.action_items ?? []).flatMap((item) => (item.finding === null ? [] : [item.finding]))),
    items,
  };
};

/**
 * A fault counts as injected when the run has an impact start, or, for a file without timestamps, when it names
 * fault kinds and did not fail before injecting; caught when an alert fired after it (time to detect, or the
 * detected timestamp). A run is one fault here: the front matter does not list faults one by one.
 */
const detectionOf = (fm: Partial<Postmortem>): Detection => {
  const injected =
    fm.timestamps !== undefined
      ? fm.timestamps.impact_start !== null
      : (fm.fault_kinds ?? []).length > 0 && fm.verdict !== 'not_started';
  if (!injected) return null;
  const caught = (fm.durations_ms?.time_to_detect ?? null) !== null || (fm.timestamps?.detected ?? null) !== null;
  if (caught) return 'caught';
  const known = fm.durations_ms !== undefined || fm.timestamps !== undefined;
  return known ? 'missed' : null;
};

/** The front matter's items with the body's state (done, text, owner, due) by id; body items it lacks are added. */
const itemsOf = (
  front: Partial<Postmortem>['action_items'],
  body: readonly BodyActionItem[] | undefined,
): EntryItem[] => {
  const byId = new Map<string, BodyActionItem>();
  for (const item of body ?? []) if (item.id !== null && !byId.has(item.id)) byId.set(item.id, item);
  const items: EntryItem[] = (front ?? []).map((item) => {
    const source = byId.get(item.id) ?? item;
    return {
      id: item.id,
      text: source.text,
      owner: source.owner ?? null,
      due: source.due ?? null,
      done: source.done,
      finding: item.finding,
    };
  });
  const known = new Set(items.map((item) => item.id));
  for (const item of body ?? []) {
    if (item.id !== null) {
      if (known.has(item.id)) continue;
      known.add(item.id);
    }
    items.push({ id: item.id, text: item.text, owner: item.owner ?? null, due: item.due ?? null, done: item.done, finding: null });
  }
  return items;
};

const unique = (values: readonly string[]): string[] => [...new Set(values)];

/** Dated before undated. */
const compareDates = (a: string | null, b: string | null): number =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : compare(a, b);
