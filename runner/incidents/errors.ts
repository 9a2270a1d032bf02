import { GamedayError } from '../errors.ts';

/**
 * A responder's action that cannot be done (an unknown incident, one already
 * acknowledged or resolved). `status` is what the control API answers with;
 * the CLI shows the message as it is.
 */
export class IncidentActionError extends GamedayError {
  readonly status: number;

  constructor(message: string, status: number) {
    super(message);
    this.name = 'IncidentActionError';
    this.status = status;
  }
}

/** No incident has this id in the run. */
export class IncidentNotFoundError extends IncidentActionError {
  constructor(id: string, known: readonly string[]) {
    const list = known.length === 0 ? 'the run has no incidents yet' : `incidents of this run: ${known.join(', ')}`;
    super(`no incident ${id} in this run (${list})`, 404);
    this.name = 'IncidentNotFoundError';
  }
}

/** The incident is not in a state the action applies to (already acknowledged, already resolved), or none is. */
export class IncidentStateError extends IncidentActionError {
  constructor(message: string) {
    super(message, 409);
    this.name = 'IncidentStateError';
  }
}
