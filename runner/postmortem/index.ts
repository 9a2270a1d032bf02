export { actionItemId, actionItemsOf, DUE_AFTER_DAYS, type ActionItem } from './actions.ts';
export { EarlierIndex } from './earlier-index.ts';
export { escapeMarkdown, oneLine } from './escape.ts';
export { computeFacts, type Facts, type Instant, type RecoveryFact, type ServiceFact } from './facts.ts';
export type { AlertFacts, AlertSpanFact, ExpectedAlertFact, SilentBrokenFact, UnexpectedAlertFact } from './facts-alerts.ts';
export type { ExpectationFact } from './facts-expectations.ts';
export type { FaultFact } from './facts-faults.ts';
export type { IncidentFact } from './facts-incidents.ts';
export type { ResponseFact } from './facts-responses.ts';
export type { PhaseStats, TrafficFacts } from './facts-traffic.ts';
export { postmortemFileName } from './file-name.ts';
export { findingsOf, findRelated, type Finding, type FindingKind, type Recurrence } from './findings.ts';
export { fingerprintOf } from './fingerprint.ts';
export { frontMatterOf, frontMatterYaml, postmortemIdOf } from './front-matter.ts';
export { generatePostmortem, type GeneratedPostmortem, type GenerateOptions } from './generate.ts';
export { loadRunDir, type ExperimentCache, type LoadedSource } from './load.ts';
export { formatMarkdown, parseMarkdown } from './markdown.ts';
export { mergePostmortem, type MergeResult } from './merge.ts';
export { readPostmortem, readPostmortemDir, type PostmortemWarning, type ReadPostmortem, type ReadPostmortemDir } from './read.ts';
export { compileTemplateSet, type PostmortemView, type Renderer } from './render.ts';
export {
  ACTION_ITEM_ID,
  actionItemSchema,
  POSTMORTEM_KINDS,
  POSTMORTEM_SEVERITIES,
  POSTMORTEM_STATUSES,
  POSTMORTEM_VERDICTS,
  postmortemSchema,
  SECTION_NAMES,
  TIMELINE_KINDS,
  timelineEntrySchema,
  type Postmortem,
  type PostmortemActionItem,
  type PostmortemKind,
  type PostmortemSeverity,
  type PostmortemStatus,
  type PostmortemTimelineEntry,
  type PostmortemTimelineKind,
  type PostmortemVerdict,
  type SectionName,
} from './schema.ts';
export { SECTIONS } from './section-list.ts';
export type { Section, ViewContext } from './sections/index.ts';
export { severityOf, type SeverityInput } from './severity.ts';
export type { EarlierPostmortem, PostmortemSource } from './source.ts';
export { TemplateError } from './template-error.ts';
export { loadTemplateSet, type TemplateFile, type TemplateSet } from './template-set.ts';
export { writePostmortems, type WritePostmortemsOptions, type WritePostmortemsResult, type WrittenPostmortem } from './write.ts';
