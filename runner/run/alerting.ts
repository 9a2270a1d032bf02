import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startControlApi, type ControlApi } from '../control/index.ts';
import { ConfigError } from '../errors.ts';
import type { AlertRule } from '../experiment/index.ts';
import { createIncidentEngine, ruleAlert, runRemediation, type EngineSummary, type RuleChange } from '../incidents/index.ts';
import type { NewEvent } from '../journal/index.ts';
import { createWebhookNotifier } from '../notify/index.ts';
import { startReceiver } from '../receiver/index.ts';
import type { RunContext } from './context.ts';
import { message } from './preflight.ts';

/** `<run dir>/receiver.json`: where the team's monitoring sends alerts during this run (mode 0600: it holds the secret). */
export const RECEIVER_FILE = 'receiver.json';

export interface ReceiverSettings {
  /** `host:port` the receiver listens on (default 127.0.0.1:0, a free port). */
  address: string;
  /** The shared secret senders must present (default: a new random one, written to receiver.json). */
  secret: string | undefined;
}

export interface Alerting {
  /** A rule of the run began or stopped holding. */
  ruleChanged(rule: AlertRule, change: Omit<RuleChange, 'at'>): void;
  /** Escalations, the automated responder and its remediation, due by now. */
  tick(): void;
  summary(): EngineSummary;
  /** Stops taking alerts and responder actions; waits for webhook posts in flight. */
  close(): Promise<void>;
}

/**
 * The run's alerting: its rules and the HTTP receiver feed one incident
 * engine; what the engine decides (alerts triggered, incidents, pages,
 * escalations) goes to the journal and, when configured, to the webhook;
 * responders act through the control API (`gameday ack|note|resolve`).
 */
export async function startAlerting(context: RunContext, settings: ReceiverSettings): Promise<Alerting> {
  const { experiment, journal } = context;
  const engine = createIncidentEngine({
    experimentName: experiment.name,
    routing: experiment.routing,
    expected: experiment.alerts.expected,
    rules: experiment.alerts.rules,
  });
  const notifier = createWebhookNotifier({ routing: experiment.routing, experiment: experiment.name, runId: context.runId });
  const emit = (events: readonly NewEvent[]): readonly NewEvent[] => {
    for (const event of events) journal.write(event);
    void notifier.forward(events).then((sent) => {
      for (const event of sent) journal.write(event);
    });
    for (const event of events) {
      if (event.type === 'incident.opened') context.say(`INCIDENT ${event.incident} (${event.urgency} urgency): ${event.title}`);
      if (event.type === 'escalation') context.say(`ESCALATION ${event.incident} to level ${event.level}: ${event.to.join(', ')}`);
    }
    return events;
  };

  const secret = settings.secret ?? randomBytes(24).toString('hex');
  const [host, port] = splitAddress(settings.address);
  const receiver = await startReceiver({
    host,
    port,
    secret,
    // Journaled synchronously before the sender gets its 2xx: nothing received is lost.
    onAlerts: (alerts, path) => {
      const now = journal.elapsed();
      for (const alert of alerts) {
        journal.write({ source: 'receiver', type: 'alert.received', alert, receiver: path });
        emit(engine.ingest(alert, now));
      }
    },
  });
  writeFileSync(join(context.dir, RECEIVER_FILE), `${JSON.stringify({ url: receiver.url, secret }, null, 2)}\n`, { mode: 0o600 });
  context.say(`  alert receiver: ${receiver.url} (/v2/enqueue, /alertmanager, /grafana, /alerts; secret in ${RECEIVER_FILE})`);

  let control: ControlApi | undefined;
  try {
    control = await startControlApi({
      runDir: context.dir,
      handlers: {
        ack: ({ incident, by }) => emit(engine.acknowledge(incident, by, journal.elapsed())),
        resolve: ({ incident, by }) => emit(engine.resolve(incident, by, journal.elapsed())),
        note: ({ incident, by, text }) => emit(engine.note(incident, text, by)),
        incidents: () => engine.summary(),
      },
    });
  } catch (error) {
    await receiver.close();
    throw error;
  }

  const remediations: Promise<void>[] = [];
  return {
    ruleChanged(rule, change) {
      emit(engine.ingest(ruleAlert(experiment.name, rule, { ...change, at: context.clock.wall() }), journal.elapsed()));
    },
    tick() {
      const now = journal.elapsed();
      emit(engine.tick(now));
      for (const request of engine.takeRemediations(now)) {
        context.say(`  remediation for ${request.incident}: ${request.command}`);
        remediations.push(
          runRemediation(request, { experimentDir: dirname(context.experimentFile) })
            .then((event) => void journal.write(event))
            .catch((error: unknown) => context.say(`  remediation failed: ${message(error)}`)),
        );
      }
    },
    summary: () => engine.summary(),
    async close() {
      await Promise.all([receiver.close(), control?.close()]);
      await Promise.all(remediations);
      await notifier.settled();
    },
  };
}

function splitAddress(address: string): [string, number] {
  const colon = address.lastIndexOf(':');
  const port = Number(address.slice(colon + 1));
  if (colon < 0 || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`receiver address ${JSON.stringify(address)} is not host:port (e.g. 127.0.0.1:9095; set by --receiver or GAMEDAY_RECEIVER_ADDRESS)`);
  }
  return [address.slice(0, colon).replace(/^\[|\]$/g, ''), port];
}
