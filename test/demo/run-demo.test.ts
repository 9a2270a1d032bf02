import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../runner/journal/index.ts';
import { runDemo, type DemoOptions } from '../../runner/demo/index.ts';
import type { RunOptions, RunOutcome } from '../../runner/run/index.ts';
import type { WritePostmortemsResult } from '../../runner/postmortem/index.ts';

/** runDemo's order of work, with the run, the postmortem writer and the site build replaced by recorders. */

interface Recorded {
  calls: string[];
  output: string;
}

const fakes = (verdicts: Record<string, Verdict>, recorded: Recorded, onRun?: (name: string) => void): Pick<DemoOptions, 'runExperiment' | 'writePostmortems' | 'buildSite'> => ({
  runExperiment: async (options: RunOptions): Promise<RunOutcome> => {
    const name = options.file.replace(/^.*\/|\.yaml$/g, '');
    recorded.calls.push(`run ${name} (TOXIPROXY_URL=${String(options.env.TOXIPROXY_URL)})`);
    onRun?.(name);
    await new Promise((resolve) => setTimeout(resolve, 1));
    const verdict = verdicts[name] ?? 'held';
    return { runId: `id-${name}`, dir: `/runs/${name}`, verdict, exitCode: 0, summary: {} as RunOutcome['summary'] };
  },
  writePostmortems: async (dirs): Promise<WritePostmortemsResult> => {
    recorded.calls.push(`postmortem ${dirs.join(' ')}`);
    return { written: dirs.map((dir) => ({ path: `pm/${dir.split('/').pop() ?? ''}.md` })), commit: null } as unknown as WritePostmortemsResult;
  },
  buildSite: async ({ postmortemsDir, outDir }) => {
    recorded.calls.push(`site ${postmortemsDir} -> ${outDir}`);
    return { pages: 7, skipped: [] };
  },
});

const base = (recorded: Recorded): Omit<DemoOptions, 'runExperiment' | 'writePostmortems' | 'buildSite'> => ({
  experiments: ['/pkg/experiments/a.yaml', '/pkg/experiments/b.yaml'],
  rounds: 1,
  outDir: '/work/out',
  postmortemsDir: '/work/out/postmortems',
  siteDir: '/work/out/site',
  cwd: '/work',
  env: { TOXIPROXY_URL: 'http://10.0.0.1:8474' },
  version: 'test',
  output: { write: (text: string) => void (recorded.output += text) },
});

describe('runDemo', () => {
  it('runs every example on the embedded Toxiproxy, writes each postmortem as its run ends, then builds the site', async () => {
    const recorded: Recorded = { calls: [], output: '' };
    const result = await runDemo({ ...base(recorded), ...fakes({ a: 'deviated' }, recorded) });
    expect(recorded.calls).toEqual([
      'run a (TOXIPROXY_URL=undefined)',
      'postmortem /runs/a',
      'run b (TOXIPROXY_URL=undefined)',
      'postmortem /runs/b',
      'site /work/out/postmortems -> /work/out/site',
    ]);
    expect(result.complete).toBe(true);
    expect(result.runs.map((run) => [run.experiment, run.verdict, run.postmortem])).toEqual([
      ['a', 'deviated', 'pm/a.md'],
      ['b', 'held', 'pm/b.md'],
    ]);
    expect(recorded.output).toMatch(/run 1\/2: a/);
    expect(recorded.output).toMatch(/site built: 7 pages in out\/site/);
  });

  it('runs the set once per round, so later postmortems see the earlier ones', async () => {
    const recorded: Recorded = { calls: [], output: '' };
    const result = await runDemo({ ...base(recorded), rounds: 3, siteDir: null, ...fakes({}, recorded) });
    expect(result.runs.map((run) => `${run.round}:${run.experiment}`)).toEqual(['1:a', '1:b', '2:a', '2:b', '3:a', '3:b']);
    expect(recorded.calls.some((call) => call.startsWith('site'))).toBe(false);
  });

  it('is not complete when a drill did not run to its verdict', async () => {
    const recorded: Recorded = { calls: [], output: '' };
    const result = await runDemo({ ...base(recorded), ...fakes({ b: 'aborted_stop_condition' }, recorded) });
    expect(result.complete).toBe(false);
  });

  it('stops after the drill in progress when the operator asks, keeps its postmortem and builds no site', async () => {
    const recorded: Recorded = { calls: [], output: '' };
    let stop: (signal: string) => void = () => undefined;
    const stopRequested = new Promise<string>((resolve) => (stop = resolve));
    const result = await runDemo({
      ...base(recorded),
      stopRequested,
      ...fakes({ a: 'aborted_operator' }, recorded, (name) => name === 'a' && stop('SIGINT')),
    });
    expect(recorded.calls).toEqual(['run a (TOXIPROXY_URL=undefined)', 'postmortem /runs/a']);
    expect(result.stopped).toBe('SIGINT');
    expect(result.complete).toBe(false);
    expect(result.site).toBeNull();
    expect(recorded.output).toMatch(/stopped \(SIGINT\)/);
  });
});
