import { resolve } from 'node:path';
import { ExitCode, UsageError } from '../../errors.ts';
import { shownPath } from '../../paths/shown.ts';
import { defineCommand, type CommandContext } from '../command.ts';

export interface InsightsCommandOptions {
  /** The postmortems folder, as written on the command line. */
  dir: string;
  json: boolean;
  /** YYYY-MM-DD or an ISO date-time; undefined for today. */
  now: string | undefined;
}

/** A problem with one file, as runner/postmortem reports it. */
interface FileWarning {
  path: string;
  message: string;
  line?: number;
  column?: number;
  field?: string;
}

export const insights = defineCommand<InsightsCommandOptions>({
  name: 'insights',
  summary: 'What keeps breaking, whether detection gets faster, whether action items get done',
  usage: '[options]',
  description:
    'Reads every postmortem in the folder (generated or hand-written; a bad file is reported and read with what it\n' +
    'has, an unreadable one skipped) and prints: trends by month and ISO week of time to detect, acknowledge and\n' +
    'recover (median / p90 and n), detection rate, alert noise and verdicts, split by service, fault kind and\n' +
    'experiment; recurring failure modes; regressions (a failure mode back after its action items were done); and\n' +
    'open action items with their age. In a git repository, when each item was ticked comes from the history.\n' +
    `Exit status: ${ExitCode.ok} when read; ${ExitCode.noInput} when the folder cannot be read.`,
  options: {
    dir: { type: 'string', short: 'd', valueName: 'DIR', description: 'The postmortems folder (default postmortems)' },
    json: { type: 'boolean', description: 'Print everything as JSON (every point of every trend) instead of a summary' },
    now: { type: 'string', valueName: 'DATE', description: 'The day ages and overdue items count from, YYYY-MM-DD (default today, UTC)' },
  },
  parse: ({ values }) => {
    const now = typeof values.now === 'string' ? values.now.trim() : undefined;
    if (now !== undefined && !isDate(now)) {
      throw new UsageError(`--now must be a date, YYYY-MM-DD, or an ISO date-time such as 2025-03-01T12:00:00Z; got "${now}"`);
    }
    return { dir: typeof values.dir === 'string' ? values.dir : 'postmortems', json: values.json === true, now };
  },
  async run(options, context) {
    // Loaded on use, so other commands do not pay for remark and simple-git at start-up.
    const { readPostmortemDir } = await import('../../postmortem/index.ts');
    const { insightsOf, insightsText, ticksFromGit } = await import('../../insights/index.ts');
    const read = await readPostmortemDir(resolve(context.cwd, options.dir));
    const warnings: FileWarning[] = [...read.warnings, ...read.postmortems.flatMap((pm) => pm.warnings)];
    for (const line of warningLines(warnings, context)) context.stderr.write(`gameday: warning: ${line}\n`);

    // Paths as shown (relative to the working directory when inside it), in the JSON and for git alike.
    const postmortems = read.postmortems.map((pm) => ({ ...pm, path: shown(context, pm.path) }));
    const ticks = await ticksFromGit(postmortems.map((pm) => pm.path), { cwd: context.cwd });
    const result = insightsOf(postmortems, { now: options.now ?? new Date().toISOString(), ticks });
    if (options.json) {
      context.stdout.write(`${JSON.stringify({ ...result, warnings: warnings.map((w) => ({ ...w, path: shown(context, w.path) })) }, null, 2)}\n`);
    } else if (result.postmortems.total === 0) {
      context.stdout.write(`no postmortems in ${shown(context, resolve(context.cwd, options.dir))}\n`);
    } else {
      context.stdout.write(insightsText(result));
    }
    return ExitCode.ok;
  },
});

/** A real calendar day, YYYY-MM-DD, or an ISO date-time that parses. */
const isDate = (text: string): boolean => {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (day === null) return /^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(Date.parse(text));
  const date = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
  return date.toISOString().slice(0, 10) === text;
};

/**
 * One line a problem, `file:line:col  field  message`, like a compiler; a file's missing fields (the usual
 * state of a hand-written postmortem) are folded into one line.
 */
const warningLines = (warnings: readonly FileWarning[], context: CommandContext): string[] => {
  const lines: string[] = [];
  const missing = new Map<string, string[]>();
  for (const w of warnings) {
    const path = shown(context, w.path);
    if (w.field !== undefined && w.line === undefined && /^missing field `[^`]*`$/.test(w.message)) {
      missing.set(path, [...(missing.get(path) ?? []), w.field]);
      continue;
    }
    const where = w.line === undefined ? path : `${path}:${w.line}:${w.column ?? 1}`;
    lines.push([where, w.field, oneLine(w.message)].filter((part) => part !== undefined).join('  '));
  }
  for (const [path, fields] of missing) {
    lines.push(`${path}  front matter has no ${fields.join(', ')}; read with what it has`);
  }
  return lines;
};

const oneLine = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');

const shown = (context: CommandContext, path: string): string => shownPath(context.cwd, path);
