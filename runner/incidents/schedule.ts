import { formatDuration } from '../experiment/index.ts';
import type { NewEvent } from '../journal/index.ts';
import { nextEscalationAt, recipients } from './routing.ts';
import { acknowledgeIncident, isOpen, pageEvent, resolveIncident, type EngineState } from './state.ts';
import type { IncidentState, RemediationRequest } from './types.ts';

/**
 * What happens by the clock: escalation timeouts and the automated
 * responder. All times are ms since run start, as `now` is.
 */

type DueKind = 'escalate' | 'responder-ack' | 'responder-resolve';

interface Due {
  at: number;
  kind: DueKind;
  incident: IncidentState;
}

/**
 * Does everything due by `now`, earliest first, so a tick that comes late
 * still acts in the right order (an acknowledgement due before an
 * escalation timeout stops that escalation). Times recorded are `now`: when
 * it was done. A level reached now gets its full timeout from now.
 */
export const tick = (state: EngineState, now: number): NewEvent[] => {
  const events: NewEvent[] = [];
  for (;;) {
    const due = dueActions(state).filter((action) => action.at <= now);
    const first = due.reduce<Due | undefined>((earliest, action) => (earliest === undefined || action.at < earliest.at ? action : earliest), undefined);
    if (first === undefined) return events;
    events.push(...perform(state, first, now));
  }
};

/** The earliest time `tick` or `takeRemediations` has something to do; undefined when nothing is scheduled. */
export const nextDueAt = (state: EngineState): number | undefined => {
  const times = [...dueActions(state).map((action) => action.at), ...remediationTimes(state).map(({ at }) => at)];
  return times.length === 0 ? undefined : Math.min(...times);
};

/**
 * Remediation commands of the automated responder due by `now`, each
 * returned once. A command runs once the responder has acknowledged the
 * incident and `after` has passed, even if the incident resolved meanwhile.
 */
export const takeRemediations = (state: EngineState, now: number): RemediationRequest[] => {
  const remediation = state.routing?.responder?.remediation;
  if (remediation === undefined) return [];
  return remediationTimes(state)
    .filter(({ at }) => at <= now)
    .map(({ at, incident }) => {
      incident.remediationTaken = true;
      return { incident: incident.id, command: remediation.command, cwd: remediation.cwd, timeoutMs: remediation.timeout, dueAt: at };
    });
};

const remediationTimes = (state: EngineState): { at: number; incident: IncidentState }[] => {
  const remediation = state.routing?.responder?.remediation;
  if (remediation === undefined) return [];
  return state.incidents.flatMap((incident) =>
    incident.responderAckAt === undefined || incident.remediationTaken ? [] : [{ at: incident.responderAckAt + remediation.after, incident }],
  );
};

const dueActions = (state: EngineState): Due[] => {
  const responder = state.routing?.responder;
  const due: Due[] = [];
  for (const incident of state.incidents) {
    if (!isOpen(incident)) continue;
    const escalateAt = nextEscalationAt(state.routing, incident);
    if (escalateAt !== undefined) due.push({ at: escalateAt, kind: 'escalate', incident });
    if (responder === undefined) continue;
    // The responder acknowledges only what nobody else has; it resolves only what it acknowledged.
    if (incident.acknowledgedAt === undefined) due.push({ at: incident.openedAt + responder.ack_after, kind: 'responder-ack', incident });
    if (incident.responderAckAt !== undefined && responder.resolve_after !== undefined) {
      due.push({ at: incident.responderAckAt + responder.resolve_after, kind: 'responder-resolve', incident });
    }
  }
  return due;
};

const perform = (state: EngineState, due: Due, now: number): NewEvent[] => {
  const { incident } = due;
  const responder = state.routing?.responder;
  switch (due.kind) {
    case 'escalate': {
      const timeout = state.routing?.escalation[incident.level]?.timeout ?? 0;
      const from = incident.level;
      incident.level += 1;
      incident.levelAt = now;
      const escalation: NewEvent = {
        source: 'runner',
        type: 'escalation',
        incident: incident.id,
        level: incident.level,
        to: recipients(state.routing, incident.level, incident.service),
        reason: `not acknowledged within ${formatDuration(timeout)} at level ${from}`,
      };
      return [escalation, pageEvent(state, incident)];
    }
    case 'responder-ack': {
      const name = responder?.name ?? 'gameday-responder';
      incident.responderAckAt = now;
      const events = acknowledgeIncident(incident, name, now, 'responder');
      if (responder?.note !== undefined) {
        events.push({ source: 'responder', type: 'responder.note', incident: incident.id, by: name, text: responder.note });
      }
      return events;
    }
    case 'responder-resolve':
      return resolveIncident(state, incident, responder?.name ?? 'gameday-responder', now, 'responder');
  }
};
