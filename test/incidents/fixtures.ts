import type { NormalisedAlert } from '../../runner/alerts/index.ts';
import type { Routing } from '../../runner/experiment/index.ts';
import { alertsSchema } from '../../runner/experiment/schema/alerts.ts';
import { routingSchema } from '../../runner/experiment/schema/routing.ts';
import { createIncidentEngine, type IncidentEngine } from '../../runner/incidents/index.ts';
import type { NewEvent } from '../../runner/journal/index.ts';

/** Routing as an experiment file would give it (durations as strings), with the schema's defaults applied. */
export const routing = (input: Record<string, unknown>): Routing => routingSchema.parse(input);

export const alerts = (input: Record<string, unknown>) => alertsSchema.parse(input);

/** An external alert; fields given replace the defaults. */
export const alert = (fields: Partial<NormalisedAlert> = {}): NormalisedAlert => ({
  origin: 'pagerduty',
  action: 'trigger',
  dedup_key: 'checkout-latency',
  summary: 'checkout p99 latency high',
  source: 'prometheus-1',
  severity: 'critical',
  service: 'checkout',
  details: {},
  links: [],
  time: '2025-03-01T10:00:00Z',
  ...fields,
});

export const engine = (
  options: { routing?: Record<string, unknown>; alerts?: Record<string, unknown>; groupWindowMs?: number } = {},
): IncidentEngine => {
  const { rules, expected } = alerts(options.alerts ?? {});
  return createIncidentEngine({
    experimentName: 'drill',
    routing: options.routing === undefined ? undefined : routing(options.routing),
    rules,
    expected,
    ...(options.groupWindowMs === undefined ? {} : { groupWindowMs: options.groupWindowMs }),
  });
};

export const types = (events: readonly NewEvent[]): string[] => events.map((event) => event.type);

export const only = <T extends NewEvent['type']>(events: readonly NewEvent[], type: T): Extract<NewEvent, { type: T }>[] =>
  events.filter((event): event is Extract<NewEvent, { type: T }> => event.type === type);

/** Ticks every `stepMs` from `from` to `to` (inclusive), as a run's loop would, collecting the events. */
export const tickThrough = (subject: IncidentEngine, from: number, to: number, stepMs = 250): { at: number; event: NewEvent }[] => {
  const out: { at: number; event: NewEvent }[] = [];
  for (let now = from; now <= to; now += stepMs) for (const event of subject.tick(now)) out.push({ at: now, event });
  return out;
};
