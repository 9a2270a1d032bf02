import type { OptionSpecs, ParsedArgs } from '../cli/command.ts';
import { UsageError } from '../errors.ts';

/**
 * The options `gameday ack`, `note` and `resolve` share. Kept apart from the
 * rest of runner/control so that loading the CLI does not load the client.
 */
export const RESPONDER_OPTIONS: OptionSpecs = {
  run: {
    type: 'string',
    valueName: 'RUN_DIR',
    description: 'The run to act on: its directory, or a run id under runs/ (default: the newest run under runs/ that has not ended)',
  },
  by: { type: 'string', valueName: 'NAME', description: 'Who acts, as the journal records it (default: your user name)' },
};

export interface ResponderOptions {
  run: string | undefined;
  by: string | undefined;
}

export const parseResponderOptions = ({ values }: ParsedArgs): ResponderOptions => {
  const by = typeof values.by === 'string' ? values.by.trim() : undefined;
  if (by === '') throw new UsageError('--by needs a name, e.g. --by alice');
  return { run: typeof values.run === 'string' ? values.run : undefined, by };
};

/** An incident id as given on the command line. */
export const incidentArgument = (text: string | undefined): string | undefined => {
  if (text === undefined) return undefined;
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(text)) throw new UsageError(`"${text}" is not an incident id (expected e.g. inc-1; gameday ack without one acknowledges every open incident)`);
  return text;
};
