import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runExperiment, type RunOutcome, type RunSummary } from '../../runner/run/index.ts';
import { runGameday, startGameday, type Finished, type GamedayProcess } from '../cli/gameday-process.ts';
import { eventually } from '../helpers/net.ts';
import {
  alertmanagerFiring,
  DRILL,
  ofType,
  pagerDutyTrigger,
  postJson,
  readReceiverFile,
  runEnv,
  safeEvents,
  said,
  startWebhookSink,
  writeAlertingExperiment,
  type WebhookSink,
} from './helpers-alerting.ts';
import {
  eventsOf,
  freePort,
  killPid,
  runDirIn,
  startToxiproxyProcess,
  startUpstream,
  waitForEvent,
  type ToxiproxyProcess,
  type Upstream,
} from './helpers-cli.ts';

/**
 * Alerting and response during a real `gameday run` against a separately
 * started `gameday toxiproxy`: the team's monitoring posts to the run's
 * receiver, people answer with `gameday ack|note|resolve`, or an automated
 * responder does; the journal, run.json and the outbound webhook tell it.
 */

let tmp: string;
let runsDir: string;
let toxiproxy: ToxiproxyProcess;
let upstream: Upstream;
let webhook: WebhookSink;
let runner: GamedayProcess | undefined;
/** An in-process run: asking it to stop, and its outcome. */
let inProcess: { stop(): void; outcome: Promise<RunOutcome> } | undefined;

/** `gameday ARGS` run to its end in the test's folder. */
const gameday = (args: readonly string[]): Promise<Finished> => runGameday(args, { cwd: tmp });

describe('alerting during gameday run', () => {
  beforeEach(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'gameday-alerting-'));
    runsDir = join(tmp, 'runs');
    upstream = await startUpstream();
    webhook = await startWebhookSink();
    toxiproxy = await startToxiproxyProcess();
  });

  afterEach(async () => {
    runner?.kill();
    runner = undefined;
    if (inProcess !== undefined) {
      inProcess.stop();
      await inProcess.outcome.catch(() => undefined);
      inProcess = undefined;
    }
    // The watchdog is detached and outlives the runner: find it in the journal even when the test failed early.
    const started = safeEvents(runDirIn(runsDir)).find((e) => e.type === 'run.started');
    killPid(started?.type === 'run.started' ? started.watchdog_pid : undefined);
    await toxiproxy.stop();
    await webhook.close();
    await upstream.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  // Process start-up, a 1 s steady state, a 10 s fault and three CLI calls.
  it('takes external alerts, pages and escalates, and records ack, note and resolve from gameday ack|note|resolve', { timeout: 90_000 }, async () => {
    const hookPath = '/services/T0000/B0000/not-a-real-token';
    const file = writeAlertingExperiment(tmp, {
      listen: await freePort(),
      upstream: upstream.port,
      faultSeconds: 10,
      alerts: {
        expected: [
          { name: 'db-latency', match: { summary: 'shop-db latency' }, within: '30s' },
          { name: 'shop-errors', match: { class: 'ShopErrors' }, within: '30s' },
        ],
      },
      routing: {
        on_call: { [DRILL.service]: ['alice'] },
        escalation: [{ notify: 'on_call', timeout: '2s' }, { notify: ['bob'] }],
        notify: { high: 'page' },
        webhook: { url: `${webhook.url}${hookPath}` },
      },
      expectations: [{ type: 'alert_fires', alert: 'db-latency', within: '30s' }],
    });
    runner = startGameday(['run', file, '--runs-dir', runsDir], { cwd: tmp, env: runEnv(toxiproxy.url) });
    const exited = runner.finished.then((end) => {
      throw new Error(`gameday run ended early\n${said(end)}`);
    });
    exited.catch(() => undefined);
    const { runDir } = await Promise.race([waitForEvent(runsDir, 'fault.injected', 30_000), exited]);

    // The receiver's address and secret, readable by the run's owner only.
    expect(statSync(join(runDir, 'receiver.json')).mode & 0o777).toBe(0o600);
    const receiver = readReceiverFile(runDir);
    expect(receiver.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    // During the fault, the team's monitoring speaks up.
    const dbLatency = pagerDutyTrigger(receiver.secret, { dedup_key: 'db-latency-42', summary: 'shop-db latency above 500 ms (p99)', component: 'shop-db' });
    expect(await postJson(`${receiver.url}/v2/enqueue`, dbLatency)).toEqual({
      status: 202,
      body: { status: 'success', message: 'Event processed', dedup_key: 'db-latency-42' },
    });
    const shopErrors = alertmanagerFiring({ alertname: 'ShopErrors', service: DRILL.service, summary: 'shop answers 5xx', fingerprint: 'c0ffee0123456789' });
    expect(await postJson(`${receiver.url}/alertmanager`, shopErrors, receiver.secret)).toMatchObject({ status: 202, body: { dedup_keys: ['c0ffee0123456789'] } });
    expect(await postJson(`${receiver.url}/v2/enqueue`, dbLatency)).toMatchObject({ status: 202, body: { dedup_key: 'db-latency-42' } });
    const warning = { status: 'firing', summary: 'search index lagging', severity: 'warning', service: 'search', dedup_key: 'search-lag' };
    expect(await postJson(`${receiver.url}/alerts`, warning, receiver.secret)).toMatchObject({ status: 202, body: { dedup_keys: ['search-lag'] } });
    // Wrong secrets, as a bearer token and as PagerDuty's routing key: refused, and not received.
    const intruder = { status: 'firing', summary: 'intruder alert', severity: 'critical', service: DRILL.service, dedup_key: 'intruder' };
    expect((await postJson(`${receiver.url}/alerts`, intruder, 'not-the-secret')).status).toBe(401);
    const wrongKey = pagerDutyTrigger('not-the-secret', { dedup_key: 'intruder-pd', summary: 'shop-db latency (intruder)', component: 'shop-db' });
    expect((await postJson(`${receiver.url}/v2/enqueue`, wrongKey)).status).toBe(401);

    // Nobody acknowledges within level 0's 2 s: both high-urgency incidents escalate to bob.
    const escalated = await Promise.race([
      eventually(async () => {
        const found = ofType(eventsOf(runDir), 'escalation');
        return found.length >= 2 ? found : undefined;
      }, 15_000, 'two escalations'),
      exited,
    ]);
    expect(escalated.map((e) => ({ level: e.level, to: e.to }))).toEqual([{ level: 1, to: ['bob'] }, { level: 1, to: ['bob'] }]);

    const ack = await gameday(['ack', '--run', runDir, '--by', 'alice']);
    expect(ack.code, said(ack)).toBe(0);
    expect(ack.stdout).toMatch(/^inc-1 acknowledged by alice, /m);
    const note = await gameday(['note', 'restarted the pool', '--run', runDir]);
    expect(note.code, said(note)).toBe(0);
    expect(note.stdout).toMatch(/: restarted the pool$/m);
    const resolve = await gameday(['resolve', '--run', runDir]);
    expect(resolve.code, said(resolve)).toBe(0);
    expect(resolve.stdout).toMatch(/^inc-1 resolved by /m);

    const end = await runner.finished;
    expect(end.code, said(end)).toBe(0);
    const events = eventsOf(runDir);

    // Received: each accepted alert, the duplicate too, all during the fault; nothing of the 401s.
    const injectedAt = ofType(events, 'fault.injected')[0]!.t;
    const removedAt = ofType(events, 'fault.removed')[0]!.t;
    const received = ofType(events, 'alert.received');
    expect(received.map((e) => [e.receiver, e.alert.dedup_key])).toEqual([
      ['/v2/enqueue', 'db-latency-42'],
      ['/alertmanager', 'c0ffee0123456789'],
      ['/v2/enqueue', 'db-latency-42'],
      ['/alerts', 'search-lag'],
    ]);
    for (const e of received) expect(e.t >= injectedAt && e.t <= removedAt, `received at ${e.t}, fault ${injectedAt}..${removedAt}`).toBe(true);
    expect(JSON.stringify(events)).not.toContain('intruder');

    // Triggered, named by the expected alerts they match; the duplicate counted, not triggered again.
    const triggered = ofType(events, 'alert.triggered');
    expect(triggered.map((e) => [e.dedup_key, e.alert, e.origin, e.severity, e.actionable])).toEqual([
      ['db-latency-42', 'db-latency', 'pagerduty', 'critical', true],
      ['c0ffee0123456789', 'shop-errors', 'alertmanager', 'critical', true],
      ['search-lag', null, 'generic', 'warning', false],
    ]);
    expect(ofType(events, 'alert.deduplicated')).toMatchObject([{ dedup_key: 'db-latency-42', origin: 'pagerduty', count: 2 }]);
    // Three, as just checked.
    const [db, shop, search] = triggered.map((e) => e.incident!) as [string, string, string];
    expect(ofType(events, 'incident.opened').map((e) => [e.incident, e.service, e.urgency])).toEqual([
      [db, null, 'high'],
      [shop, DRILL.service, 'high'],
      [search, 'search', 'low'],
    ]);

    // Pages: the shop's on-call at level 0; the PagerDuty alert has no service, so nobody is on call for it; bob at level 1.
    const pages = ofType(events, 'notification.sent').filter((e) => e.channel === 'page');
    expect(pages.map((e) => [e.incident, e.level, e.to, e.ok])).toEqual([
      [db, 0, [], false],
      [shop, 0, ['alice'], true],
      [db, 1, ['bob'], true],
      [shop, 1, ['bob'], true],
    ]);
    expect(pages[0]!.detail).toMatch(/no service/);
    expect(ofType(events, 'notification.sent').filter((e) => e.incident === search)).toEqual([]);

    // The responders: alice acknowledged every incident after the escalation, a note, then the resolution.
    const acked = ofType(events, 'incident.acknowledged');
    expect(acked.map((e) => [e.incident, e.by, e.source])).toEqual([
      [db, 'alice', 'operator'],
      [shop, 'alice', 'operator'],
      [search, 'alice', 'operator'],
    ]);
    for (const e of acked.slice(0, 2)) expect(e.after_ms).toBeGreaterThanOrEqual(2_000);
    expect(acked[0]!.t).toBeGreaterThan(escalated[1]!.t);
    const notes = ofType(events, 'responder.note');
    expect(notes).toMatchObject([{ incident: null, text: 'restarted the pool' }]);
    expect(notes[0]!.t).toBeGreaterThan(acked[2]!.t);
    const resolved = ofType(events, 'incident.resolved');
    expect(resolved.map((e) => e.incident)).toEqual([db, shop, search]);
    expect(resolved[0]!.t).toBeGreaterThan(notes[0]!.t);
    resolved.forEach((e, i) => expect(e.after_ms).toBeGreaterThan(acked[i]!.after_ms));

    // The webhook heard the paged incidents' story in Slack's form, each post journalled; the low one was only recorded.
    const texts = webhook.posts.map((post) => {
      expect(post.path).toBe(hookPath);
      expect(post.body).toMatchObject({ text: expect.any(String) });
      return (post.body as { text: string }).text;
    });
    for (const id of [db, shop]) {
      const about = texts.filter((text) => text.includes(`incident ${id} (`));
      expect(about.map((text) => / (opened|escalated|acknowledged|resolved)\b/.exec(text)?.[1])).toEqual(['opened', 'escalated', 'acknowledged', 'resolved']);
      expect(about[1]).toContain('level 1 (bob)');
      expect(about[2]).toContain('acknowledged by alice');
    }
    expect(texts).toHaveLength(8);
    expect(texts.join('\n')).not.toContain(`${search} (`);
    const hooks = ofType(events, 'notification.sent').filter((e) => e.channel === 'webhook');
    expect(hooks.map((e) => e.ok)).toEqual(Array(8).fill(true));

    // run.json: the response timeline, what fired, the noise, the expectation.
    const summary = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunSummary;
    expect(summary.verdict).toBe('held');
    const metrics = new Map(summary.response.incidents.map((m) => [m.incident, m]));
    for (const id of [db, shop]) {
      const m = metrics.get(id)!;
      expect(m).toMatchObject({ urgency: 'high', fault: DRILL.fault, acknowledged_by: 'alice', escalations: 1, resolved_by: expect.any(String) });
      expect(m.time_to_detect_ms).toBeGreaterThanOrEqual(0);
      expect(m.time_to_detect_ms).toBeLessThan(10_000);
      expect(m.time_to_acknowledge_ms).toBeGreaterThanOrEqual(2_000);
      expect(m.time_to_recover_ms).toBeGreaterThan(m.time_to_acknowledge_ms!);
    }
    expect(metrics.get(search)).toMatchObject({ urgency: 'low', escalations: 0, acknowledged_by: 'alice' });
    expect(summary.response.alerts.fired.map((f) => [f.name, f.count, f.fault, f.in_time])).toEqual([
      ['db-latency', 1, DRILL.fault, true],
      ['shop-errors', 1, DRILL.fault, true],
    ]);
    expect(summary.response.alerts.never_fired).toEqual([]);
    expect(summary.response.alerts.unexpected).toMatchObject([{ dedup_key: 'search-lag', origin: 'generic', severity: 'warning', incident: search, count: 1 }]);
    expect(summary.expectations).toMatchObject([{ met: true, detail: expect.stringMatching(/^db-latency fired .* after the fault started/) }]);

    // Once the run has ended, there is nobody to acknowledge to.
    const late = await gameday(['ack']);
    expect(late.code, said(late)).toBe(66);
    expect(late.stderr).toBe(
      `gameday: no run is going on: every run under ${runsDir} has ended (start one with gameday run FILE, or name one with --run RUN_DIR)\n`,
    );
  });

  // In process (no watchdog): the run's own rule raises the incident, and no person takes part.
  it('an automated responder acknowledges a rule-raised incident and runs its remediation', { timeout: 60_000 }, async () => {
    const file = writeAlertingExperiment(tmp, {
      listen: await freePort(),
      upstream: upstream.port,
      faultSeconds: 6,
      // A 2 s window: one of 1 s is only the second still filling, empty at its start (see the report on flapping rules).
      alerts: { rules: [{ name: 'shop-slow', type: 'latency', service: DRILL.service, severity: 'critical', percentile: 'p50', above: '100ms', window: '2s' }] },
      routing: {
        on_call: { [DRILL.service]: ['alice'] },
        responder: { name: 'bot', ack_after: '1s', remediation: { command: 'echo fixed > remediated.txt', after: '1s' } },
      },
    });
    let output = '';
    let stop: (signal: string) => void = () => undefined;
    const stopRequested = new Promise<string>((resolve) => (stop = resolve));
    const outcome = runExperiment({
      file,
      runsDir,
      env: { TOXIPROXY_URL: toxiproxy.url },
      output: { write: (text) => void (output += text) },
      stopRequested,
      watchdog: false,
    });
    inProcess = { stop: () => stop('SIGTERM'), outcome };
    const { dir } = await outcome;
    inProcess = undefined;
    const events = eventsOf(dir);

    const [fired] = ofType(events, 'alert.triggered');
    expect(fired, output).toMatchObject({ alert: 'shop-slow', origin: 'rule', service: DRILL.service, actionable: true });
    const incident = fired!.incident!;
    expect(ofType(events, 'incident.opened')).toMatchObject([{ incident, urgency: 'high', service: DRILL.service }]);
    expect(ofType(events, 'notification.sent')).toMatchObject([{ incident, channel: 'page', level: 0, to: ['alice'], ok: true }]);

    const acked = ofType(events, 'incident.acknowledged');
    expect(acked).toMatchObject([{ incident, by: 'bot', source: 'responder' }]);
    expect(acked[0]!.after_ms).toBeGreaterThanOrEqual(1_000);
    const ran = ofType(events, 'remediation.ran');
    expect(ran, output).toMatchObject([{ incident, command: 'echo fixed > remediated.txt', ok: true, source: 'responder' }]);
    expect(ran[0]!.detail).toMatch(/^exited with code 0/);
    expect(ran[0]!.t - acked[0]!.t).toBeGreaterThanOrEqual(1_000);
    // Run in the experiment file's folder.
    expect(readFileSync(join(tmp, 'remediated.txt'), 'utf8')).toBe('fixed\n');
    expect(ofType(events, 'escalation')).toEqual([]);

    const summary = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunSummary;
    expect(summary.response.incidents).toMatchObject([{ incident, acknowledged_by: 'bot', fault: DRILL.fault }]);
  });
});

describe('gameday ack with no run going on', () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'gameday-alerting-idle-'));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('says there is no run and exits 66', async () => {
    const end = await runGameday(['ack'], { cwd });
    expect(end.code, said(end)).toBe(66);
    expect(end.stderr).toBe(
      `gameday: no run is going on: there are no runs under ${join(cwd, 'runs')} (start one with gameday run FILE, or name one with --run RUN_DIR)\n`,
    );
    expect(end.stdout).toBe('');
  });
});
