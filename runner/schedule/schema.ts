import { basename, extname } from 'node:path';
import { z } from 'zod';
import { duration } from '../experiment/duration.ts';
import { hostPort, name, text } from '../experiment/schema/common.ts';
import { blackoutSchema, checkRangeOverlaps } from './schema-blackouts.ts';
import { cronField, timeZoneField } from './fields.ts';
import { checkIncidentSources, incidentsSchema, type incidentsReceiverSchema } from './schema-incidents.ts';

export { incidentsSchema };

/**
 * The schedule file, as one zod schema: the source of the types below.
 * Keys are snake_case as in the YAML; durations come out as milliseconds,
 * fixed instants as epoch milliseconds. Relative paths are relative to the
 * schedule file (the loader resolves them). Parse with `reportInput: true`.
 */

export const entrySchema = z
  .strictObject({
    file: text('The experiment file, relative to the schedule file'),
    cron: cronField('When it starts, in the entry\'s time zone'),
    timezone: timeZoneField('Time zone of cron (default: the schedule\'s timezone)').optional(),
    name: name('Name in the log (default: the file name without .yaml)').optional(),
  })
  .describe('One scheduled experiment');

export const killSwitchSchema = z
  .strictObject({
    file: text('While this file exists, everything stops and nothing starts').optional(),
    http: hostPort('Address of the kill switch API: POST /stop, POST /resume, GET /status').optional(),
    poll: duration('How often the file is looked for').prefault('1s'),
  })
  .describe('Stops the running drill (rolled back, verdict aborted by the operator) and every start after it');

export const afterRunSchema = z
  .strictObject({
    postmortem: z.boolean().default(false).describe('Write the postmortem of each run'),
    postmortems_dir: text('Where postmortems are kept').default('postmortems'),
    template: text('A team\'s own postmortem template (default templates/default)').optional(),
    commit: z.boolean().default(false).describe('Commit the postmortem (and nothing else) to its git repository'),
    site: z.boolean().default(false).describe('Rebuild the site from the postmortems after each run'),
    site_dir: text('Where the site is built').default('site/dist'),
  })
  .describe('What happens after each run');

export const scheduleShapeSchema = z
  .strictObject({
    timezone: timeZoneField('Time zone of every cron pattern that names none').default('UTC'),
    runs_dir: text('Where run folders go').default('runs'),
    lock: text('The lock file that lets one drill run at a time (default: <runs_dir>/schedule.lock)').optional(),
    receiver: hostPort('Address of each run\'s alert receiver, up while its drill runs (default GAMEDAY_RECEIVER_ADDRESS, else a free port); not incidents.receiver').optional(),
    blackouts: z.array(blackoutSchema).default([]).describe('Times when no drill starts'),
    incidents: incidentsSchema.optional(),
    kill_switch: killSwitchSchema.optional(),
    after_run: afterRunSchema.prefault({}),
    experiments: z.array(entrySchema).min(1).describe('The experiments and when each runs'),
  })
  .describe('A gameday schedule: which drills run when, and when none may');

/** An entry's name: its own, else its file name without the extension. */
export const entryName = (entry: { file: string; name?: string | undefined }): string =>
  entry.name ?? basename(entry.file, extname(entry.file));

type Add = (path: readonly (string | number)[], message: string) => void;

/** Checks across fields; they run even when a field is invalid, so every problem is reported at once. */
export const scheduleSchema = scheduleShapeSchema.superRefine(
  (schedule, context) => {
    const add: Add = (path, message) =>
      context.addIssue({ code: 'custom', path: [...path], message, continue: true, params: { rule: 'cross-field' } });
    if (Array.isArray(schedule.blackouts)) checkRangeOverlaps(schedule.blackouts, (path, message) => add(['blackouts', ...path], message));
    if (Array.isArray(schedule.experiments)) checkNames(schedule.experiments, add);
    const after = schedule.after_run as Partial<z.output<typeof afterRunSchema>> | undefined;
    if (after?.commit === true && after.postmortem !== true) {
      add(['after_run', 'commit'], 'commit commits the postmortem, and none is written (expected postmortem: true as well)');
    }
    const kill = schedule.kill_switch as Partial<z.output<typeof killSwitchSchema>> | undefined;
    if (kill !== undefined && kill.file === undefined && kill.http === undefined) {
      add(['kill_switch'], 'neither file nor http is given, so nothing can pull it (expected file, http or both)');
    }
    checkIncidentSources(schedule, add);
  },
  { when: () => true },
);

const checkNames = (entries: readonly unknown[], add: Add): void => {
  const seen = new Map<string, number>();
  for (const [index, entry] of entries.entries()) {
    if (typeof entry !== 'object' || entry === null || typeof (entry as { file?: unknown }).file !== 'string') continue;
    const given = (entry as { name?: unknown }).name;
    const named = entryName({ file: (entry as { file: string }).file, name: typeof given === 'string' ? given : undefined });
    const first = seen.get(named);
    if (first === undefined) seen.set(named, index);
    else add(['experiments', index, typeof given === 'string' ? 'name' : 'file'], `experiments[${first}] is called "${named}" too (expected a distinct name: add name: to one of them)`);
  }
};

export type Schedule = z.output<typeof scheduleSchema>;
/** What may be written in the file. */
export type ScheduleInput = z.input<typeof scheduleSchema>;
export type ScheduleEntry = z.output<typeof entrySchema>;
export type IncidentsSettings = z.output<typeof incidentsSchema>;
export type IncidentsReceiverSettings = z.output<typeof incidentsReceiverSchema>;
export type KillSwitchSettings = z.output<typeof killSwitchSchema>;
export type AfterRunSettings = z.output<typeof afterRunSchema>;
export type { Blackout } from './schema-blackouts.ts';
