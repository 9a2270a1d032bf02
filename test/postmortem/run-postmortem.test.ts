import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { CommandContext } from '../../runner/cli/command.ts';
import { main } from '../../runner/cli/main.ts';
import { readJournal } from '../../runner/journal/index.ts';
import { computeFacts, findingsOf, loadRunDir, postmortemSchema, readPostmortem } from '../../runner/postmortem/index.ts';
import { freePort, killPid, runDirIn, startUpstream, type Upstream } from '../run/helpers-cli.ts';

// End to end: `gameday run EXPERIMENT --postmortem --postmortems-dir DIR` in process, against an upstream
// started here and the embedded Toxiproxy; then people edit the postmortem and `gameday postmortem` runs
// again on the same run folder, keeping their edits.

let tmp: string;
let upstream: Upstream;

beforeEach(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gameday-run-postmortem-'));
  upstream = await startUpstream();
});

afterEach(async () => {
  // The watchdog is detached and outlives the run; it is named in the journal.
  const runDir = runDirIn(join(tmp, 'runs'));
  const started = runDir === undefined ? undefined : readJournal(join(runDir, 'journal.jsonl')).events.find((e) => e.type === 'run.started');
  killPid(started?.type === 'run.started' ? started.watchdog_pid : undefined);
  await upstream.close();
  rmSync(tmp, { recursive: true, force: true });
});

const gameday = async (argv: string[]): Promise<{ code: number; out: string; err: string }> => {
  let out = '';
  let err = '';
  const context: Partial<CommandContext> = {
    stdout: { write: (text) => void (out += text) },
    stderr: { write: (text) => void (err += text) },
    cwd: tmp,
    env: { PATH: process.env.PATH },
    stopRequested: () => new Promise(() => {}),
  };
  return { code: await main(argv, { context }), out, err };
};

/**
 * A service already running (the upstream), one proxy in front of it, 300 ms of latency for 2 s: the probe
 * breaks its 100 ms bound (a failed latency expectation), and the alert the team expects never arrives (a
 * missed alert). The probe recovers once the fault is removed.
 */
const writeExperiment = async (): Promise<string> => {
  const listen = await freePort();
  const through = `http://127.0.0.1:${listen}/`;
  const experiment = {
    name: 'postmortem-drill',
    description: 'The shop’s dependency gets slow; the <alert> we *expect* never comes.',
    services: [{ name: 'shop', owner: 'team-shop', importance: 'low', proxies: [{ name: 'to-upstream', listen: `127.0.0.1:${listen}`, upstream: `127.0.0.1:${upstream.port}` }] }],
    steady_state: {
      window: '1s',
      recovery_timeout: '10s',
      probes: [{ name: 'through-proxy', service: 'shop', url: through, interval: '200ms', timeout: '2s', tolerances: { latency: { p99: '100ms' } } }],
    },
    traffic: { rate: 5, endpoints: [{ url: through }] },
    faults: [{ name: 'upstream-slow', at: '1s', for: '2s', proxy: 'to-upstream', type: 'latency', attributes: { latency: '300ms' } }],
    alerts: { expected: [{ name: 'shop-latency', match: { summary: 'shop latency' }, within: '2s' }] },
    expectations: [
      { type: 'alert_fires', alert: 'shop-latency', within: '2s' },
      { name: 'shop-stays-fast', type: 'latency', probe: 'through-proxy', percentile: 'p99', below: '100ms' },
    ],
    safety: { max_duration: '1m' },
  };
  const file = join(tmp, 'postmortem-drill.yaml');
  writeFileSync(file, stringify(experiment));
  return file;
};

describe('gameday run --postmortem', () => {
  it('writes the postmortem of the run, and a later `gameday postmortem` keeps what people wrote in it', { timeout: 90_000 }, async () => {
    const file = await writeExperiment();
    const run = await gameday(['run', file, '--runs-dir', 'runs', '--postmortem', '--postmortems-dir', 'pm']);
    const said = `exit ${run.code}\n${run.out}\n${run.err}`;
    expect(run.code, said).toBe(1); // deviated
    const runDir = runDirIn(join(tmp, 'runs'));
    expect(runDir, said).toBeDefined();
    const names = readdirSync(join(tmp, 'pm'));
    expect(names, said).toHaveLength(1);
    const path = join(tmp, 'pm', names[0] as string);
    expect(run.out).toContain(`postmortem: ${path}\n`);

    // The front matter is valid and its action items are the findings'.
    const text = readFileSync(path, 'utf8');
    const frontMatter = postmortemSchema.parse(parse(text.slice(4, text.indexOf('\n---\n', 4))));
    expect(frontMatter).toMatchObject({ kind: 'gameday', status: 'draft', verdict: 'deviated', services: ['shop'], fault_kinds: ['latency'] });
    const findings = findingsOf(computeFacts(loadRunDir(runDir as string, tmp).source));
    expect(findings.map((f) => f.key)).toEqual(expect.arrayContaining(['missed-alert:shop-latency', 'failed-expectation:shop-stays-fast']));
    expect(frontMatter.action_items.map((item) => item.finding)).toEqual(findings.map((f) => f.key));
    expect(frontMatter.action_items.every((item) => item.owner === 'team-shop' && !item.done)).toBe(true);
    expect(readPostmortem(text, path).actionItems.map((item) => item.id)).toEqual(frontMatter.action_items.map((item) => item.id));

    // People tick an item, add to what went well, and move the review on.
    const [first] = frontMatter.action_items;
    const edited = text
      .replace(`- [ ] ${first?.id}`, `- [x] ${first?.id}`)
      .replace('status: draft', 'status: in_review')
      .replace(/(<!-- gameday:section what-went-well -->[^]*?<!-- gameday:end -->\n)/, '$1\nThe proxy held up: nothing else broke.\n');
    expect(edited).toContain('The proxy held up');
    writeFileSync(path, edited);

    const again = await gameday(['postmortem', runDir as string, '--out', 'pm']);
    expect(again.code, again.err).toBe(0);
    // Updated: the front matter's action_items follow the body, where the item was ticked.
    expect(again.out).toMatch(/^updated pm\//);
    const kept = readFileSync(path, 'utf8');
    expect(kept.replace(`id: ${first?.id}`, '').replace(/done: true/, 'done: false')).toBe(edited.replace(`id: ${first?.id}`, ''));
    const read = readPostmortem(kept, path);
    expect(read.frontMatter.action_items?.find((item) => item.id === first?.id)?.done).toBe(true);
    expect(read.frontMatter.status).toBe('in_review');
    expect(read.actionItems.find((item) => item.id === first?.id)?.done).toBe(true);
    expect(read.sections.find((s) => s.name === 'what-went-well')?.markdown).toContain('The proxy held up: nothing else broke.');
  });

  it('with --commit outside a git repository, fails before the drill starts', async () => {
    const file = await writeExperiment();
    const run = await gameday(['run', file, '--runs-dir', 'runs', '--postmortem', '--postmortems-dir', 'pm', '--commit']);
    expect(run.code).not.toBe(0);
    expect(run.err).toMatch(/^gameday: cannot commit: .*pm is not inside a git repository/);
    expect(existsSync(join(tmp, 'runs'))).toBe(false);
    expect(existsSync(join(tmp, 'pm'))).toBe(false);
  });
});
