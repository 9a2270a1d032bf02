import { z } from 'zod';
import { VERDICTS } from '../journal/events.ts';

/**
 * The front matter of a postmortem file (docs: /work/notes/postmortem-design.md):
 * ONE schema, shared by the generator, the merge on regeneration, the lenient
 * reader, the site and insights. Field names are snake_case as written in YAML.
 *
 * People may edit: title, status, action item owners/due/done/text, tags, related.
 * Regeneration keeps those; everything else is the generator's.
 */

export const POSTMORTEM_KINDS = ['gameday', 'incident'] as const;
export const POSTMORTEM_STATUSES = ['draft', 'in_review', 'reviewed', 'closed'] as const;
export const POSTMORTEM_SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
/** What a timeline entry is: the run, a fault, an alert (spans); a response, a service's recovery (moments). */
export const TIMELINE_KINDS = ['run', 'fault', 'alert', 'response', 'recovery'] as const;
/** Section names, in the order they appear in a generated file. */
export const SECTION_NAMES = [
  'summary',
  'impact',
  'key-timestamps',
  'timeline',
  'detection',
  'response',
  'contributing-factors',
  'what-went-well',
  'what-went-badly',
  'where-we-got-lucky',
  'action-items',
  'supporting-data',
] as const;

/** A run's verdict (run.ended), or `unfinished` when the journal has no end (the runner stopped; see run.recovered). */
export const POSTMORTEM_VERDICTS = [...VERDICTS, 'unfinished'] as const;

export type PostmortemVerdict = (typeof POSTMORTEM_VERDICTS)[number];
export type PostmortemKind = (typeof POSTMORTEM_KINDS)[number];
export type PostmortemStatus = (typeof POSTMORTEM_STATUSES)[number];
export type PostmortemSeverity = (typeof POSTMORTEM_SEVERITIES)[number];
export type PostmortemTimelineKind = (typeof TIMELINE_KINDS)[number];
export type SectionName = (typeof SECTION_NAMES)[number];

/** `AI-` + 6 lowercase hex digits, derived from the postmortem id + the finding's key. */
export const ACTION_ITEM_ID = /^AI-[0-9a-f]{6}$/;
/** ISO calendar date, YYYY-MM-DD. */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date like 2025-01-31');
/** ISO 8601 date-time (with offset). */
const isoInstant = z.iso.datetime({ offset: true });
/** ISO 8601 date-time (with offset) or null when it never happened. */
const instant = isoInstant.nullable();
/** Milliseconds, or null when it cannot be measured (e.g. never detected). */
const millis = z.number().nonnegative().nullable();

export const actionItemSchema = z.object({
  id: z.string().regex(ACTION_ITEM_ID, 'expected AI- and 6 lowercase hex digits, e.g. AI-1a2b3c'),
  text: z.string().min(1),
  owner: z.string().optional(),
  due: isoDate.optional(),
  done: z.boolean(),
  /** The finding's stable key this item came from; null for items people added. */
  finding: z.string().nullable(),
});

/**
 * One bar (span) or mark (moment) of the run's timeline, drawn by the site as a Gantt-like chart. The generator
 * owns the list (regeneration rewrites it); see runner/postmortem/timeline.ts for how each kind is made.
 */
export const timelineEntrySchema = z.object({
  kind: z.enum(TIMELINE_KINDS),
  /** Short text for people: fault name + what it does, alert name, "acknowledged by alice", "checkout recovered". */
  label: z.string().min(1),
  start: isoInstant,
  /** null for a moment (response, recovery) or a span that never ended (an alert still firing, a fault left on). */
  end: instant,
  /** The service it concerns when known (alert's service, recovered service, fault's target service). */
  service: z.string().optional(),
  /** For alerts: severity (critical/error/warning/info); for faults: the fault kind (latency, down, ...). */
  detail: z.string().optional(),
});

export const postmortemSchema = z.object({
  /** `PM-<run id>` */
  id: z.string().min(1),
  title: z.string().min(1),
  kind: z.enum(POSTMORTEM_KINDS),
  status: z.enum(POSTMORTEM_STATUSES),
  /** ISO date of the run (from the journal, never the wall clock at generation). */
  date: isoDate,
  experiment: z.object({ name: z.string(), file: z.string() }),
  run_id: z.string().min(1),
  verdict: z.enum(POSTMORTEM_VERDICTS),
  services: z.array(z.string()),
  fault_kinds: z.array(z.string()),
  severity: z.enum(POSTMORTEM_SEVERITIES),
  /**
   * impact_start: the first fault injected; detected: the first alert triggered after it; acknowledged: the first
   * acknowledgement after that; recovered: when the last service was back within tolerance; impact_end: recovered,
   * else the last fault's removal when recovery was not measured, null when a service never recovered.
   */
  timestamps: z.object({
    impact_start: instant,
    detected: instant,
    acknowledged: instant,
    recovered: instant,
    impact_end: instant,
  }),
  /**
   * time_to_detect: impact_start → detected; time_to_acknowledge: detected → acknowledged; time_to_recover: the end of
   * the last fault → recovered (what a `recovers` expectation measures); impact: impact_start → impact_end.
   */
  durations_ms: z.object({
    time_to_detect: millis,
    time_to_acknowledge: millis,
    time_to_recover: millis,
    impact: millis,
  }),
  alerts: z.object({
    /** Every trigger seen: alert.triggered + alert.deduplicated. */
    received: z.number().int().nonnegative(),
    /** Distinct dedup keys. */
    unique: z.number().int().nonnegative(),
    expected_fired: z.number().int().nonnegative(),
    expected_missed: z.number().int().nonnegative(),
    /** Alerts nobody expected, or that fired while an alert_silent expectation held. */
    noise: z.number().int().nonnegative(),
  }),
  /** Failure-mode ids, `<target>:<fault kind>:<what broke>`, e.g. `checkout-to-payments:latency:checkout-stays-fast`. */
  fingerprints: z.array(z.string()),
  action_items: z.array(actionItemSchema),
  /** In start order. Optional: files written before it, and hand-written ones, have none. */
  timeline: z.array(timelineEntrySchema).default([]),
  tags: z.array(z.string()),
  /** Ids of earlier postmortems sharing a fingerprint. */
  related: z.array(z.string()),
  generator: z.object({ version: z.string(), template: z.string() }),
});

export type Postmortem = z.output<typeof postmortemSchema>;
export type PostmortemActionItem = z.output<typeof actionItemSchema>;
export type PostmortemTimelineEntry = z.output<typeof timelineEntrySchema>;
