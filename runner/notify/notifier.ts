import type { Routing } from '../experiment/index.ts';
import type { NewEvent } from '../journal/index.ts';
import { messageFor, type IncidentInfo, type MessageContext, type MessageEvent } from './message.ts';
import { DEFAULT_WEBHOOK_TIMEOUT_MS, postWebhook, type PostOutcome, type WebhookMessage } from './webhook.ts';

export interface NotifierOptions extends MessageContext {
  /** The experiment's routing: `webhook.url` is where to post, `notify` which urgencies are posted. */
  routing: Routing | undefined;
  /** How long one post may take, ms. */
  timeoutMs?: number;
  /** Replaces the HTTP post; for tests. */
  post?: (url: string, message: WebhookMessage, timeoutMs: number) => Promise<PostOutcome>;
}

export interface WebhookNotifier {
  /**
   * Takes the incident engine's events (as they are journalled) and posts
   * what the webhook should hear, in order; resolves with one
   * `notification.sent` (channel `webhook`) per post, to journal. Never rejects.
   */
  forward(events: readonly NewEvent[]): Promise<NewEvent[]>;
  /** Resolves when every post asked for so far has finished. */
  settled(): Promise<void>;
}

/**
 * The outbound webhook in Slack's incoming-webhook form. An incident is
 * posted when it opens if its urgency pages or notifies (routing.notify);
 * then its escalations, acknowledgement and resolution are posted too.
 * Without `routing.webhook` it posts nothing.
 */
export const createWebhookNotifier = (options: NotifierOptions): WebhookNotifier => {
  const url = options.routing?.webhook?.url;
  const timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
  const post = options.post ?? postWebhook;
  const posted = new Map<string, { info: IncidentInfo; level: number }>();
  // Posts go one after another, so the channel shows an incident's story in order.
  let queue: Promise<unknown> = Promise.resolve();

  const wanted = (event: NewEvent): MessageEvent | undefined => {
    if (url === undefined) return undefined;
    if (event.type === 'incident.opened') {
      const channel = options.routing?.notify[event.urgency];
      if (channel !== 'page' && channel !== 'notify') return undefined;
      const { incident, title, service, severity, urgency } = event;
      posted.set(incident, { info: { incident, title, service, severity, urgency }, level: 0 });
      return event;
    }
    if (event.type === 'escalation' || event.type === 'incident.acknowledged' || event.type === 'incident.resolved') {
      const known = posted.get(event.incident);
      if (known === undefined) return undefined;
      if (event.type === 'escalation') known.level = event.level;
      return event;
    }
    return undefined;
  };

  const send = async (event: MessageEvent, target: string): Promise<NewEvent> => {
    const known = posted.get(event.incident);
    if (known === undefined) throw new Error(`webhook notifier: incident ${event.incident} was not opened here`);
    const message = messageFor(event, known.info, options);
    let outcome: PostOutcome;
    try {
      outcome = await post(target, message, timeoutMs);
    } catch (error) {
      outcome = { ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
    return {
      source: 'runner',
      type: 'notification.sent',
      incident: event.incident,
      to: ['webhook'],
      channel: 'webhook',
      level: known.level,
      ok: outcome.ok,
      detail: `${event.type}: ${outcome.detail}`,
    };
  };

  return {
    forward(events) {
      const messages = events.map(wanted).filter((event): event is MessageEvent => event !== undefined);
      if (url === undefined || messages.length === 0) return Promise.resolve([]);
      const sent = queue.then(async () => {
        const out: NewEvent[] = [];
        for (const event of messages) out.push(await send(event, url));
        return out;
      });
      queue = sent.catch(() => undefined);
      return sent;
    },
    settled: () => queue.then(() => undefined),
  };
};
