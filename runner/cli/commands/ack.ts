import { ExitCode } from '../../errors.ts';
import { incidentArgument, parseResponderOptions, RESPONDER_OPTIONS, type ResponderOptions } from '../../control/cli-options.ts';
import { defineCommand } from '../command.ts';

export interface AckOptions extends ResponderOptions {
  /** undefined: every open incident nobody has acknowledged. */
  incident: string | undefined;
}

export const ack = defineCommand<AckOptions>({
  name: 'ack',
  summary: 'Acknowledge an incident of the running game day (stops its escalation)',
  usage: '[INCIDENT] [options]',
  description:
    'Tells the running game day that you are on it: the incident (e.g. inc-1) is acknowledged in its journal\n' +
    'and stops escalating. Without INCIDENT, every open incident nobody has acknowledged yet.\n' +
    `Exit status: ${ExitCode.ok} when done; ${ExitCode.failure} when the incident is unknown or already acknowledged; ` +
    `${ExitCode.noInput} when no run is going on; ${ExitCode.unavailable} when the run does not answer.`,
  options: RESPONDER_OPTIONS,
  positionals: { min: 0, max: 1 },
  parse: (args) => ({ ...parseResponderOptions(args), incident: incidentArgument(args.positionals[0]) }),
  async run(options, context) {
    const { respond } = await import('../../control/index.ts');
    return respond('ack', { incident: options.incident }, options, context);
  },
});
