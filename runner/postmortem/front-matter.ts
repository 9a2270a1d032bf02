import type { ActionItem } from './actions.ts';
import { oneLine } from './escape.ts';
import type { Facts } from './facts.ts';
import type { Finding } from './findings.ts';
import { yamlOf } from './front-matter-yaml.ts';
import type { Postmortem, PostmortemVerdict } from './schema.ts';
import { timelineOf } from './timeline.ts';

export interface FrontMatterInput {
  postmortemId: string;
  title: string;
  facts: Facts;
  findings: readonly Finding[];
  actions: readonly ActionItem[];
  generator: { version: string; template: string };
}

/** `PM-<run id>`. */
export const postmortemIdOf = (runId: string): string => `PM-${runId}`;

/**
 * The generated front matter. Its shape is postmortemSchema's by its type; it is not parsed again here (this
 * runs once per postmortem): the golden and synthetic tests check every generated one against the schema.
 */
export const frontMatterOf = ({ postmortemId, title, facts, findings, actions, generator }: FrontMatterInput): Postmortem => {
  const fired = facts.alerts.expected.filter((a) => a.first !== null).length;
  return {
    id: postmortemId,
    title,
    kind: 'gameday',
    status: 'draft',
    date: facts.date,
    experiment: { name: facts.experiment.name, file: facts.experiment.file ?? '' },
    run_id: facts.runId,
    verdict: facts.verdict as PostmortemVerdict,
    services: facts.services.map((s) => s.name),
    fault_kinds: [...new Set(facts.faults.map((f) => f.kind))],
    severity: facts.severity,
    timestamps: {
      impact_start: facts.impact.start?.at ?? null,
      detected: facts.detected?.at ?? null,
      acknowledged: facts.acknowledged?.at ?? null,
      recovered: facts.recovered?.at ?? null,
      impact_end: facts.impact.end?.at ?? null,
    },
    durations_ms: {
      time_to_detect: ms(facts.timeToDetectMs),
      time_to_acknowledge: ms(facts.timeToAcknowledgeMs),
      time_to_recover: ms(facts.timeToRecoverMs),
      impact: ms(facts.impact.durationMs),
    },
    alerts: {
      received: facts.alerts.received,
      unique: facts.alerts.unique,
      expected_fired: fired,
      expected_missed: facts.alerts.expected.length - fired,
      noise: facts.alerts.noise,
    },
    fingerprints: [...new Set(findings.map((f) => f.fingerprint))],
    action_items: actions.map((a) => ({
      id: a.id,
      text: oneLine(a.text),
      ...(a.owner === null ? {} : { owner: oneLine(a.owner) }),
      due: a.due,
      done: a.done,
      finding: a.finding,
    })),
    timeline: timelineOf(facts),
    tags: [],
    related: [...new Set(findings.flatMap((f) => f.related))],
    generator: { version: generator.version, template: generator.template },
  };
};

/** Milliseconds, rounded; null stays null. */
const ms = (value: number | null): number | null => (value === null ? null : Math.round(value));

/** The front matter as YAML, without the `---` fences; long strings stay on one line (front-matter-yaml.ts). */
export const frontMatterYaml = (frontMatter: Postmortem): string => yamlOf(frontMatter);
