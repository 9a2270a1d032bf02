import { ExitCode, isGamedayError } from '../errors.ts';
import { checkCanCommit } from '../git/index.ts';
import { writePostmortems } from '../postmortem/index.ts';
import type { DrillResult } from './drill.ts';
import type { EventLog } from './events.ts';
import type { ScheduledEntry } from './resolve.ts';
import type { AfterRunSettings } from './schema.ts';

/** Builds the static site from the postmortems folder (runner/site's buildSite, passed in). */
export type BuildSite = (options: { postmortemsDir: string; outDir: string }) => Promise<unknown>;

export interface AfterRunOptions {
  /** Paths absolute (see resolveSchedule). */
  settings: AfterRunSettings;
  /** gameday's version, for the postmortem's front matter. */
  version: string;
  /** The environment git runs in (identity variables). */
  env: NodeJS.ProcessEnv;
  /** Without it, `site: true` is reported as not done. */
  buildSite?: BuildSite | undefined;
}

/** Runs the after-run steps of one drill; returns 0, or the exit code of the first step that failed. Never throws for a step. */
export type AfterRun = (drill: DrillResult, entry: ScheduledEntry, log: EventLog) => Promise<number>;

/**
 * Checks what can be checked before any drill: with `commit`, the
 * postmortems folder is in a git repository and git knows who commits
 * (a GamedayError naming the problem otherwise). A drill is not spent
 * finding that out afterwards.
 */
export const checkAfterRun = async (options: AfterRunOptions): Promise<void> => {
  if (options.settings.postmortem && options.settings.commit) await checkCanCommit({ dir: options.settings.postmortems_dir, env: options.env });
};

/** The postmortem (written, and committed), then the site, as `gameday run --postmortem --commit` and `gameday site build` would. */
export const afterRunSteps = (options: AfterRunOptions): AfterRun => async (drill, entry, log) => {
  const { settings } = options;
  let exitCode: number = ExitCode.ok;
  const failed = (step: string, error: unknown): void => {
    log('failed', `${step}: ${error instanceof Error ? error.message : String(error)}`, entry.name);
    exitCode ||= isGamedayError(error) ? error.exitCode : ExitCode.software;
  };
  if (settings.postmortem) {
    try {
      const result = await writePostmortems([drill.dir], {
        outDir: settings.postmortems_dir,
        cwd: settings.postmortems_dir,
        template: settings.template,
        commit: settings.commit,
        version: options.version,
        env: options.env,
      });
      for (const one of result.written) {
        for (const warning of one.warnings) log('warning', `postmortem: ${warning}`, entry.name);
        log('postmortem', `${one.outcome} ${one.path}`, entry.name);
      }
      if (result.commit !== null) {
        log('committed', result.commit.hash === null ? 'nothing to commit: the postmortem matches the last commit' : result.commit.hash.slice(0, 12), entry.name);
      }
    } catch (error) {
      failed('postmortem', error);
    }
  }
  if (settings.site) {
    if (options.buildSite === undefined) {
      log('warning', 'site: not built: this gameday has no site builder (runner/site); build it by hand', entry.name);
    } else {
      try {
        await options.buildSite({ postmortemsDir: settings.postmortems_dir, outDir: settings.site_dir });
        log('site', `built ${settings.site_dir}`, entry.name);
      } catch (error) {
        failed('site', error);
      }
    }
  }
  return exitCode;
};
