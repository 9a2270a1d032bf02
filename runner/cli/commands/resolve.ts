import { ExitCode } from '../../errors.ts';
import { incidentArgument, parseResponderOptions, RESPONDER_OPTIONS, type ResponderOptions } from '../../control/cli-options.ts';
import { defineCommand } from '../command.ts';

export interface ResolveOptions extends ResponderOptions {
  /** undefined: every open incident. */
  incident: string | undefined;
}

export const resolve = defineCommand<ResolveOptions>({
  name: 'resolve',
  summary: 'Resolve an incident of the running game day',
  usage: '[INCIDENT] [options]',
  description:
    'Tells the running game day that the incident (e.g. inc-1) is over: it and its open alerts are resolved in\n' +
    'the journal, and its time to recover is measured. Without INCIDENT, every open incident.\n' +
    `Exit status: ${ExitCode.ok} when done; ${ExitCode.failure} when the incident is unknown or already resolved; ` +
    `${ExitCode.noInput} when no run is going on; ${ExitCode.unavailable} when the run does not answer.`,
  options: RESPONDER_OPTIONS,
  positionals: { min: 0, max: 1 },
  parse: (args) => ({ ...parseResponderOptions(args), incident: incidentArgument(args.positionals[0]) }),
  async run(options, context) {
    const { respond } = await import('../../control/index.ts');
    return respond('resolve', { incident: options.incident }, options, context);
  },
});
