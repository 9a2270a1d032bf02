import { formatDuration } from '../experiment/index.ts';
import type { NewEvent } from '../journal/index.ts';
import { IncidentStateError } from './errors.ts';
import { acknowledgeIncident, findIncident, isOpen, resolveIncident, type EngineState } from './state.ts';
import type { ActorSource, IncidentState } from './types.ts';

/**
 * What responders do (`gameday ack|note|resolve` through the control API, or
 * the automated responder). Given an incident id, it must exist and be in a
 * state the action applies to, else an IncidentActionError says why; without
 * one, ack and resolve act on every open incident they apply to.
 */

export const acknowledge = (
  state: EngineState,
  id: string | undefined,
  by: string,
  now: number,
  source: ActorSource,
): NewEvent[] => {
  if (id !== undefined) {
    const incident = findIncident(state, id);
    if (!isOpen(incident)) throw new IncidentStateError(`incident ${id} is already resolved (${who(incident.resolvedBy, incident.resolvedAt, incident)})`);
    if (incident.acknowledgedAt !== undefined) {
      throw new IncidentStateError(`incident ${id} was already acknowledged (${who(incident.acknowledgedBy, incident.acknowledgedAt, incident)})`);
    }
    return acknowledgeIncident(incident, by, now, source);
  }
  const targets = state.incidents.filter((incident) => isOpen(incident) && incident.acknowledgedAt === undefined);
  if (targets.length === 0) throw new IncidentStateError(`no incident to acknowledge: ${nothingOpen(state, 'acknowledged or resolved')}`);
  return targets.flatMap((incident) => acknowledgeIncident(incident, by, now, source));
};

export const resolve = (
  state: EngineState,
  id: string | undefined,
  by: string,
  now: number,
  source: ActorSource,
): NewEvent[] => {
  if (id !== undefined) {
    const incident = findIncident(state, id);
    if (!isOpen(incident)) throw new IncidentStateError(`incident ${id} is already resolved (${who(incident.resolvedBy, incident.resolvedAt, incident)})`);
    return resolveIncident(state, incident, by, now, source);
  }
  const targets = state.incidents.filter(isOpen);
  if (targets.length === 0) throw new IncidentStateError(`no incident to resolve: ${nothingOpen(state, 'resolved')}`);
  return targets.flatMap((incident) => resolveIncident(state, incident, by, now, source));
};

/** A note about one incident (which must exist), or about the run as a whole when `id` is undefined. */
export const note = (state: EngineState, id: string | undefined, text: string, by: string, source: ActorSource): NewEvent[] => {
  if (id !== undefined) findIncident(state, id);
  return [{ source, type: 'responder.note', incident: id ?? null, by, text }];
};

const who = (by: string | undefined, at: number | undefined, incident: IncidentState): string =>
  `by ${by ?? 'unknown'}, ${formatDuration(Math.round((at ?? incident.openedAt) - incident.openedAt))} after it opened`;

const nothingOpen = (state: EngineState, all: string): string =>
  state.incidents.length === 0 ? 'the run has no incidents yet' : `every incident of this run is already ${all}`;
