import { ExitCode, UsageError } from '../../errors.ts';
import { incidentArgument, parseResponderOptions, RESPONDER_OPTIONS, type ResponderOptions } from '../../control/cli-options.ts';
import { defineCommand } from '../command.ts';

export interface NoteOptions extends ResponderOptions {
  text: string;
  /** undefined: a note about the run as a whole. */
  incident: string | undefined;
}

export const note = defineCommand<NoteOptions>({
  name: 'note',
  summary: 'Write a note into the running game day\'s journal (for the postmortem\'s timeline)',
  usage: '"TEXT" [options]',
  description:
    'Records what you saw or did, with your name and the time, in the running game day\'s journal; the\n' +
    'postmortem shows it on the timeline. With --incident, the note is about that incident.\n' +
    `Exit status: ${ExitCode.ok} when done; ${ExitCode.failure} when the incident is unknown; ` +
    `${ExitCode.noInput} when no run is going on; ${ExitCode.unavailable} when the run does not answer.`,
  options: {
    incident: { type: 'string', valueName: 'INCIDENT', description: 'The incident the note is about, e.g. inc-1 (default: the run as a whole)' },
    ...RESPONDER_OPTIONS,
  },
  positionals: { min: 1, max: 1 },
  parse: (args) => {
    const text = (args.positionals[0] ?? '').trim();
    if (text === '') throw new UsageError('the note is empty; usage: gameday note "TEXT"');
    const incident = typeof args.values.incident === 'string' ? args.values.incident : undefined;
    return { ...parseResponderOptions(args), text, incident: incidentArgument(incident) };
  },
  async run(options, context) {
    const { respond } = await import('../../control/index.ts');
    return respond('note', { text: options.text, incident: options.incident }, options, context);
  },
});
