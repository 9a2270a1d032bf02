import type { ReadPostmortem } from '../postmortem/index.ts';

/**
 * The `timeline` of a postmortem's front matter (/work/notes/timeline-contract.md), as the site draws it.
 * runner/postmortem's schema owns the field; until a reader knows it, it arrives among people's own fields
 * (`extra`), so it is read from either place here, entry by entry: an entry that does not fit the contract is
 * left out and named in `problems`, and a missing field is an empty timeline.
 */

export const TIMELINE_KINDS = ['run', 'fault', 'alert', 'response', 'recovery'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineEntry {
  kind: TimelineKind;
  label: string;
  /** ISO date-time. */
  start: string;
  /** ISO date-time; null for a moment, or a span that never ended. */
  end: string | null;
  service?: string;
  detail?: string;
}

export interface TimelineRead {
  entries: TimelineEntry[];
  /** What was wrong with each entry left out, e.g. `timeline[2]: start is not a date-time`. */
  problems: string[];
}

export const timelineOf = (postmortem: Pick<ReadPostmortem, 'frontMatter' | 'extra'>): TimelineRead => {
  const raw = (postmortem.frontMatter as Record<string, unknown>).timeline ?? postmortem.extra.timeline;
  if (raw === undefined || raw === null) return { entries: [], problems: [] };
  if (!Array.isArray(raw)) return { entries: [], problems: ['timeline: expected a list of entries; ignored'] };
  const entries: TimelineEntry[] = [];
  const problems: string[] = [];
  raw.forEach((value: unknown, index) => {
    const entry = entryOf(value);
    if (typeof entry === 'string') problems.push(`timeline[${index}]: ${entry}; the entry is ignored`);
    else entries.push(entry);
  });
  return { entries, problems };
};

/** The entry, or what is wrong with it. */
const entryOf = (value: unknown): TimelineEntry | string => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'expected a mapping';
  const v = value as Record<string, unknown>;
  if (!(TIMELINE_KINDS as readonly unknown[]).includes(v.kind)) return `kind must be one of ${TIMELINE_KINDS.join(', ')}`;
  if (typeof v.label !== 'string' || v.label.trim() === '') return 'label must be some text';
  const start = instant(v.start);
  if (start === null) return 'start must be an ISO date-time';
  const end = v.end === null || v.end === undefined ? null : instant(v.end);
  if (end === null && v.end !== null && v.end !== undefined) return 'end must be an ISO date-time or null';
  return {
    kind: v.kind as TimelineKind,
    label: v.label,
    start,
    end,
    ...(typeof v.service === 'string' ? { service: v.service } : {}),
    ...(typeof v.detail === 'string' ? { detail: v.detail } : {}),
  };
};

/** An ISO date-time as a string (YAML may have made it a Date), or null. */
const instant = (value: unknown): string | null => {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return null;
  return Number.isNaN(Date.parse(value)) ? null : value;
};
