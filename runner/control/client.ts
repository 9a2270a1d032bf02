import type { EngineSummary } from '../incidents/index.ts';
import type { NewEvent } from '../journal/index.ts';
import { readControlFile } from './control-file.ts';
import { ControlRequestError, ControlUnavailableError } from './errors.ts';

/** How long the CLI waits for the run to answer, ms. */
export const CONTROL_TIMEOUT_MS = 5_000;

export type ControlAction = 'ack' | 'note' | 'resolve';

export interface ActionBody {
  incident?: string | undefined;
  by?: string | undefined;
  text?: string | undefined;
}

/** POSTs one action to the run in `runDir`; resolves with the journal events the run wrote. */
export const sendAction = async (runDir: string, action: ControlAction, body: ActionBody, timeoutMs = CONTROL_TIMEOUT_MS): Promise<NewEvent[]> => {
  const answer = (await call(runDir, 'POST', `/${action}`, body, timeoutMs)) as { events: NewEvent[] };
  return answer.events;
};

/** The run's incidents and alerts so far. */
export const listIncidents = async (runDir: string, timeoutMs = CONTROL_TIMEOUT_MS): Promise<EngineSummary> =>
  (await call(runDir, 'GET', '/incidents', undefined, timeoutMs)) as EngineSummary;

const call = async (runDir: string, method: 'GET' | 'POST', path: string, body: unknown, timeoutMs: number): Promise<unknown> => {
  const info = readControlFile(runDir);
  let response: Response;
  try {
    response = await fetch(`${info.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${info.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new ControlUnavailableError(
      `the run in ${runDir} does not answer on its control API at ${info.url} (${why(error, timeoutMs)}); ` +
        'if it was killed, gameday recover cleans up after it',
      { cause: error },
    );
  }
  const text = await response.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ControlUnavailableError(`the run's control API at ${info.url} answered ${response.status} with something other than JSON`);
  }
  if (!response.ok) {
    const message = (value as { error?: unknown }).error;
    throw new ControlRequestError(response.status, typeof message === 'string' ? message : `the run answered ${response.status}`);
  }
  return value;
};

const why = (error: unknown, timeoutMs: number): string => {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error ? (error.cause as NodeJS.ErrnoException | undefined) : undefined;
  return cause?.code ?? (error instanceof Error ? error.message : String(error));
};
