import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import type { CommandContext } from '../cli/command.ts';
import { MissingInputError } from '../errors.ts';
import { formatDuration } from '../experiment/index.ts';
import { JOURNAL_FILE, type NewEvent } from '../journal/index.ts';
import { sendAction, type ActionBody, type ControlAction } from './client.ts';
import type { ResponderOptions } from './cli-options.ts';
import { findActiveRun, locateRun } from './find-run.ts';

/** Where runs are kept, relative to the working directory. */
const RUNS_DIR = 'runs';

/**
 * What `gameday ack|note|resolve` do: find the run, send the action to its
 * control API, print one line per thing the run did. Errors are GamedayErrors
 * (no active run, the run not answering, the run refusing) for the CLI to show.
 */
export const respond = async (
  action: ControlAction,
  body: Omit<ActionBody, 'by'>,
  options: ResponderOptions,
  context: CommandContext,
): Promise<number> => {
  const runsDir = resolve(context.cwd, RUNS_DIR);
  const runDir = options.run === undefined ? findActiveRun(runsDir) : locateRun(context.cwd, runsDir, options.run);
  if (!existsSync(join(runDir, JOURNAL_FILE))) {
    throw new MissingInputError(`${options.run ?? runDir} is not a run: no ${JOURNAL_FILE} in ${runDir} (expected a run directory or a run id under ${RUNS_DIR}/)`);
  }
  const events = await sendAction(runDir, action, { ...body, by: options.by ?? defaultResponder(context.env) });
  for (const line of events.flatMap(describe)) context.stdout.write(`${line}\n`);
  return 0;
};

/** The user's login name; the environment's when the system has none for this uid (some containers). */
export const defaultResponder = (env: Readonly<Record<string, string | undefined>>): string => {
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? env.LOGNAME ?? 'operator';
  }
};

const describe = (event: NewEvent): string[] => {
  switch (event.type) {
    case 'incident.acknowledged':
      return [`${event.incident} acknowledged by ${event.by}, ${since(event.after_ms)} after it opened`];
    case 'incident.resolved':
      return [`${event.incident} resolved by ${event.by}, ${since(event.after_ms)} after it opened`];
    case 'responder.note':
      return [`note by ${event.by} on ${event.incident ?? 'the run'}: ${event.text}`];
    default:
      return [];
  }
};

const since = (ms: number): string => formatDuration(Math.round(ms));
