import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { readJournal, type EventOf } from '../../runner/journal/index.ts';
import { runExperiment, RUN_FILE, type RunOutcome, type RunSummary } from '../../runner/run/index.ts';
import { startAlertmanager, type Alertmanager } from './alertmanager.ts';
import { CHECKOUT_SLOW, demoRuleFile } from './demo-rule.ts';
import { describeMonitoring } from './diagnose.ts';
import { waitUntil } from './http.ts';
import { startPrometheus, type Prometheus } from './prometheus.ts';
import { DRILL, writeDrill } from './run-experiment.ts';
import { ALERTMANAGER_PATH, describeRunsDir, findRunReceiver, RECEIVER_FILE } from './run-receiver.ts';

/**
 * End to end: `gameday run` drills the demo shop while the team's real
 * monitoring watches it. Prometheus scrapes the shop, its checkout-slow rule
 * fires when the run slows payments, Alertmanager posts to the run's own
 * receiver (found through the run folder, run-receiver.ts), and the journal
 * and run.json record the alert as the expected one, with its time to detect.
 */

const workDir = mkdtempSync(join(tmpdir(), 'gameday-monitoring-run-'));
const runsDir = join(workDir, 'runs');
let output = '';
let requestStop: ((signal: string) => void) | undefined;
let running: Promise<RunOutcome> | undefined;
let ended = false;
let alertmanager: Alertmanager | undefined;
let prometheus: Prometheus | undefined;

afterAll(async () => {
  if (!ended) requestStop?.('SIGTERM'); // the test failed mid-run: roll the drill back now
  await running?.catch(() => undefined);
  await prometheus?.close();
  await alertmanager?.close();
  rmSync(workDir, { recursive: true, force: true });
}, 60_000);

it('a latency fault makes the Prometheus alert reach the run through Alertmanager, recorded with its time to detect', async () => {
  const drill = await writeDrill(workDir);
  const stopRequested = new Promise<string>((resolve) => (requestStop = resolve));
  running = runExperiment({ file: drill.file, runsDir, env: {}, output: { write: (text) => void (output += text) }, stopRequested, watchdog: false });
  running.then(
    () => (ended = true),
    () => (ended = true),
  );

  // Alertmanager needs the receiver's address and secret, which the run makes up when it starts.
  const receiver = await waitUntil(
    () => {
      const found = findRunReceiver(runsDir);
      if (found === undefined && ended) throw new Error(`the run ended without writing ${RECEIVER_FILE}: ${describeRunsDir(runsDir)}\n${output}`);
      return found;
    },
    20_000,
    () => `the run wrote no ${RECEIVER_FILE} (expected {"url","secret"}; is the receiver wired into gameday run?): ${describeRunsDir(runsDir)}\n${output}`,
  );
  alertmanager = await startAlertmanager({ webhookUrl: receiver.webhookUrl, secret: receiver.secret });
  prometheus = await startPrometheus({ targets: drill.metricsTargets, alertmanager: alertmanager.address, rules: demoRuleFile() });

  const outcome = await running;
  const journal = readJournal(join(outcome.dir, 'journal.jsonl'));
  expect(journal.problems).toEqual([]);
  const events = journal.events;
  const injected = events.find((e): e is EventOf<'fault.injected'> => e.type === 'fault.injected' && e.fault === DRILL.fault);
  const received = events.filter((e): e is EventOf<'alert.received'> => e.type === 'alert.received' && e.alert.origin === 'alertmanager');
  const triggered = events.find(
    (e): e is EventOf<'alert.triggered'> => e.type === 'alert.triggered' && e.alert === CHECKOUT_SLOW.expectedName,
  );
  const why = `${await describeMonitoring({ prometheus, alertmanager })}\nrun output:\n${output}`;
  expect(injected, why).toBeDefined();
  expect(received.length, why).toBeGreaterThan(0);
  expect(triggered, why).toBeDefined();

  // The receiver journals what Alertmanager sent before anything else sees it.
  expect(received[0]!.receiver).toBe(ALERTMANAGER_PATH);
  expect(received[0]!.alert).toMatchObject({ origin: 'alertmanager', action: 'trigger', severity: CHECKOUT_SLOW.severity });
  expect(received[0]!.alert.summary).toContain(CHECKOUT_SLOW.expectedName);
  expect(received[0]!.t).toBeLessThanOrEqual(triggered!.t);
  // It is the expected alert, from Alertmanager, after the fault began and no sooner than the rule's `for`.
  expect(triggered).toMatchObject({ origin: 'alertmanager', severity: CHECKOUT_SLOW.severity });
  const timeToDetect = triggered!.t - injected!.t;
  expect(timeToDetect).toBeGreaterThanOrEqual(CHECKOUT_SLOW.forSeconds * 1_000);

  // run.json: the expectation met, its value the time to detect in ms, and the alert listed.
  const summary = JSON.parse(readFileSync(join(outcome.dir, RUN_FILE), 'utf8')) as RunSummary;
  const expectation = summary.expectations.find((e) => e.type === 'alert_fires');
  expect(expectation).toMatchObject({ met: true });
  expect(expectation!.value).toBeCloseTo(timeToDetect, 0);
  expect(expectation!.value!).toBeLessThanOrEqual(DRILL.within * 1_000);
  expect(summary.alerts).toContainEqual(expect.objectContaining({ alert: CHECKOUT_SLOW.expectedName, origin: 'alertmanager' }));
}, 90_000);
