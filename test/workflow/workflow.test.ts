import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { parseCommandArgs } from '../../runner/cli/args.ts';
import { commands } from '../../runner/cli/commands/index.ts';
import { loadExperimentFile } from '../../runner/experiment/index.ts';

/**
 * The ready workflow (.github/workflows/gameday.yml) cannot run here, so its parts are checked against the
 * code it calls: every `npx gameday …` line names a real command with options that command accepts, and the
 * default experiment is valid. A renamed option or command fails here rather than in a team's scheduled run.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const workflowSchema = z.object({
  on: z.object({ schedule: z.array(z.object({ cron: z.string() })).min(1), workflow_dispatch: z.unknown() }),
  concurrency: z.object({ group: z.string(), 'cancel-in-progress': z.literal(false) }),
  jobs: z.record(z.string(), z.object({ env: z.record(z.string(), z.string()).optional(), steps: z.array(z.object({ run: z.string().optional(), uses: z.string().optional() })).optional() })),
});
const workflow = workflowSchema.parse(parse(readFileSync(`${ROOT}/.github/workflows/gameday.yml`, 'utf8')));
const runLines = Object.values(workflow.jobs).flatMap((job) => (job.steps ?? []).flatMap((step) => (step.run ?? '').split('\n')));

/** `npx gameday run "$file" --postmortem …` → ['run', '$file', '--postmortem', …], with shell quoting removed. */
const gamedayCalls = runLines
  .map((line) => /npx gameday (.*?)(?:\s*\|\|.*|;.*)?$/.exec(line.trim())?.[1])
  .filter((call): call is string => call !== undefined)
  .map((call) => shellWords(call));

/**
 * Splits a shell command line into words as the shell would for these lines: double quotes group, `$(…)` and
 * `${{ … }}` stay inside their word, and a word holding an expansion becomes `placeholder`.
 */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let quoted = false;
  let depth = 0;
  for (const char of line.replace(/\$\{\{[^}]*\}\}/g, '$EXPR')) {
    if (char === '"') quoted = !quoted;
    else if (/\s/.test(char) && !quoted && depth === 0) {
      if (word !== '') words.push(word);
      word = '';
    } else {
      if (char === '(') depth += 1;
      if (char === ')') depth -= 1;
      word += char;
    }
  }
  if (word !== '') words.push(word);
  return words.map((one) => (one.includes('$') ? 'placeholder' : one));
}

describe('the gameday workflow', () => {
  it('calls gameday for the drills, the check of the files and the site', () => {
    expect(gamedayCalls.map((call) => call[0])).toEqual(expect.arrayContaining(['validate', 'run', 'site']));
  });

  it.each(gamedayCalls.map((call) => [call.join(' '), call] as const))('gameday %s is a command line gameday accepts', (_, call) => {
    const [name, ...argv] = call;
    const command = commands.find((one) => one.name === name);
    expect(command, `no gameday command ${name}`).toBeDefined();
    if (command === undefined) return;
    const parsed = parseCommandArgs(command, argv);
    expect(() => command.parse(parsed)).not.toThrow();
  });

  it('runs a valid experiment when no experiment is configured', async () => {
    const fallback = /'([^']+\.yaml)'/.exec(workflow.jobs.drill?.env?.EXPERIMENTS ?? '')?.[1];
    expect(fallback).toBeDefined();
    const loaded = await loadExperimentFile(`${ROOT}/${fallback ?? ''}`, fallback ?? '');
    expect(loaded.ok).toBe(true);
  });

  it('treats a deviated drill as a finding and only exit codes above 1 as a failed drill', () => {
    const script = runLines.join('\n');
    expect(script).toMatch(/"\$status" -gt 1/);
  });
});
