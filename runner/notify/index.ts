export { messageFor, type IncidentInfo, type MessageContext, type MessageEvent } from './message.ts';
export { createWebhookNotifier, type NotifierOptions, type WebhookNotifier } from './notifier.ts';
export { DEFAULT_WEBHOOK_TIMEOUT_MS, postWebhook, type PostOutcome, type WebhookMessage } from './webhook.ts';
