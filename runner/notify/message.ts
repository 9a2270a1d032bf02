import { formatDuration } from '../experiment/index.ts';
import type { NewEvent } from '../journal/index.ts';

type Of<T extends NewEvent['type']> = Extract<NewEvent, { type: T }>;
import type { WebhookMessage } from './webhook.ts';

/** What the notifier remembers of an incident from its `incident.opened` event. */
export type IncidentInfo = Pick<Of<'incident.opened'>, 'incident' | 'title' | 'service' | 'severity' | 'urgency'>;

/** Where a message comes from, shown under it. */
export interface MessageContext {
  experiment?: string | undefined;
  runId?: string | undefined;
}

/** The events that make a message; `notification.sent` itself never does (it is the outcome of one). */
export type MessageEvent = Of<'incident.opened' | 'escalation' | 'incident.acknowledged' | 'incident.resolved'>;

/**
 * A Slack incoming-webhook message for one incident event: `text` says it
 * all in one line (notifications and clients without blocks show it), the
 * blocks show the same with the experiment and run underneath.
 */
export const messageFor = (event: MessageEvent, incident: IncidentInfo, context: MessageContext): WebhookMessage => {
  const line = describe(event, incident);
  const about = [context.experiment && `experiment ${context.experiment}`, context.runId && `run ${context.runId}`].filter(Boolean).join(' · ');
  const blocks: unknown[] = [{ type: 'section', text: { type: 'mrkdwn', text: escape(line) } }];
  if (about !== '') blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escape(`gameday ${about}`) }] });
  return { text: escape(line), blocks };
};

const describe = (event: MessageEvent, incident: IncidentInfo): string => {
  const name = `${incident.incident} (${incident.title})`;
  switch (event.type) {
    case 'incident.opened': {
      const service = incident.service === null ? '' : ` on ${incident.service}`;
      return `[${incident.severity.toUpperCase()}] incident ${name} opened${service}, ${incident.urgency} urgency`;
    }
    case 'escalation':
      return `incident ${name} escalated to level ${event.level} (${event.to.join(', ') || 'nobody'}): ${event.reason}`;
    case 'incident.acknowledged':
      return `incident ${name} acknowledged by ${event.by} after ${formatDuration(Math.round(event.after_ms))}`;
    case 'incident.resolved':
      return `incident ${name} resolved by ${event.by} after ${formatDuration(Math.round(event.after_ms))}`;
  }
};

/** Slack's three control characters in message text. */
const escape = (text: string): string => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
