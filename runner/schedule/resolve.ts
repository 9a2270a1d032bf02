import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { AfterRunSettings, Blackout, IncidentsSettings, KillSwitchSettings, Schedule } from './schema.ts';
import { entryName } from './schema.ts';

/**
 * A schedule ready to drive: paths absolute (relative ones are relative to
 * the schedule file), each entry and cron window with its time zone.
 */
export interface ResolvedSchedule {
  /** The schedule file, absolute. */
  file: string;
  /** The schedule file as the user named it, for messages. */
  shown: string;
  runsDir: string;
  lock: string;
  receiver: string | undefined;
  blackouts: ResolvedBlackout[];
  incidents: IncidentsSettings | undefined;
  killSwitch: KillSwitchSettings | undefined;
  afterRun: AfterRunSettings;
  entries: ScheduledEntry[];
}

export type ResolvedBlackout = Extract<Blackout, { kind: 'range' }> | (Extract<Blackout, { kind: 'cron' }> & { timezone: string });

export interface ScheduledEntry {
  name: string;
  /** The experiment file, absolute. */
  file: string;
  /** The experiment file as the schedule names it, joined to the folder the user named the schedule by. */
  shownFile: string;
  cron: string;
  timezone: string;
}

export const resolveSchedule = (schedule: Schedule, file: string, shown: string): ResolvedSchedule => {
  const dir = dirname(resolve(file));
  const at = (path: string): string => resolve(dir, path);
  const runsDir = at(schedule.runs_dir);
  return {
    file: resolve(file),
    shown,
    runsDir,
    lock: schedule.lock === undefined ? join(runsDir, 'schedule.lock') : at(schedule.lock),
    receiver: schedule.receiver,
    blackouts: schedule.blackouts.map((b) => (b.kind === 'cron' ? { ...b, timezone: b.timezone ?? schedule.timezone } : b)),
    incidents: schedule.incidents,
    killSwitch:
      schedule.kill_switch === undefined
        ? undefined
        : { ...schedule.kill_switch, ...(schedule.kill_switch.file === undefined ? {} : { file: at(schedule.kill_switch.file) }) },
    afterRun: {
      ...schedule.after_run,
      postmortems_dir: at(schedule.after_run.postmortems_dir),
      site_dir: at(schedule.after_run.site_dir),
      ...(schedule.after_run.template === undefined ? {} : { template: at(schedule.after_run.template) }),
    },
    entries: schedule.experiments.map((entry) => ({
      name: entryName(entry),
      file: at(entry.file),
      shownFile: isAbsolute(entry.file) ? entry.file : join(dirname(shown), entry.file),
      cron: entry.cron,
      timezone: entry.timezone ?? schedule.timezone,
    })),
  };
};
