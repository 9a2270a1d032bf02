import type { NormalisedAlert } from '../alerts/index.ts';
import type { NewEvent } from '../journal/index.ts';
import { acknowledge, note, resolve } from './actions.ts';
import { ingest } from './ingest.ts';
import { nextDueAt, takeRemediations, tick } from './schedule.ts';
import { newState } from './state.ts';
import { summarise } from './summary.ts';
import type { ActorSource, EngineSummary, IncidentEngineOptions, RemediationRequest } from './types.ts';

/**
 * The incident engine: alerts in, journal events out. Pure and synchronous:
 * no timers, no I/O; every call that depends on time takes `now`, ms since
 * the run started (the journal's `t`). The caller writes the returned events
 * to the journal in order, calls `tick` regularly (escalation timeouts, the
 * automated responder) and runs what `takeRemediations` hands it.
 *
 * Responder actions throw IncidentActionError (with an HTTP status) when they
 * do not apply: an unknown incident, one already acknowledged or resolved.
 */
export interface IncidentEngine {
  /** One normalised alert (trigger, acknowledge or resolve) received at `now`. */
  ingest(alert: NormalisedAlert, now: number): NewEvent[];
  /** Escalations and automated-responder acknowledgements and resolutions due by `now`. */
  tick(now: number): NewEvent[];
  /** Remediation commands of the automated responder due by `now`; each is handed out once. */
  takeRemediations(now: number): RemediationRequest[];
  /** When tick or takeRemediations next have something to do, ms since run start; undefined: nothing scheduled. */
  nextDueAt(): number | undefined;
  /** Acknowledges one incident, or (undefined) every open unacknowledged one. */
  acknowledge(incident: string | undefined, by: string, now: number, source?: ActorSource): NewEvent[];
  /** Resolves one incident, or (undefined) every open one, with their open alerts. */
  resolve(incident: string | undefined, by: string, now: number, source?: ActorSource): NewEvent[];
  /** A note about one incident, or (undefined) about the run. */
  note(incident: string | undefined, text: string, by: string, source?: ActorSource): NewEvent[];
  summary(): EngineSummary;
}

export const createIncidentEngine = (options: IncidentEngineOptions): IncidentEngine => {
  const state = newState(options);
  return {
    ingest: (alert, now) => ingest(state, alert, now),
    tick: (now) => tick(state, now),
    takeRemediations: (now) => takeRemediations(state, now),
    nextDueAt: () => nextDueAt(state),
    acknowledge: (incident, by, now, source = 'operator') => acknowledge(state, incident, by, now, source),
    resolve: (incident, by, now, source = 'operator') => resolve(state, incident, by, now, source),
    note: (incident, text, by, source = 'operator') => note(state, incident, text, by, source),
    summary: () => summarise(state),
  };
};
