import { ReceiverError } from './errors.ts';
import type { Delivery, ReceiverResponse, Sender } from './types.ts';

export const jsonResponse = (status: number, body: unknown, headers: Record<string, string> = {}): ReceiverResponse => ({
  status,
  headers: { 'Content-Type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** The `status` word of an error body, by HTTP status (PagerDuty's form: `{status, message, errors}`). */
const STATUS_WORDS: Record<number, string> = {
  400: 'invalid',
  401: 'unauthorized',
  404: 'not found',
  405: 'method not allowed',
  413: 'too large',
  415: 'unsupported media type',
  500: 'error',
};

/**
 * The one place errors become answers: a ReceiverError keeps its status and
 * message (in its sender's form when the sender words errors itself);
 * anything else is a bug, answered 500 and passed to `reportBug`.
 */
export function errorResponse(error: unknown, sender: Sender | undefined, reportBug: (error: unknown) => void): ReceiverResponse {
  if (!(error instanceof ReceiverError)) {
    reportBug(error);
    return errorResponse(new ReceiverError(500, `the receiver failed: ${error instanceof Error ? error.message : String(error)}`), sender, reportBug);
  }
  const own = sender?.respondError?.(error);
  if (own) return { ...own, headers: { ...own.headers, ...error.headers } };
  const body = {
    status: STATUS_WORDS[error.status] ?? 'error',
    message: error.message,
    ...(error.errors.length > 0 ? { errors: error.errors } : {}),
  };
  return jsonResponse(error.status, body, { ...error.headers });
}

/** The 2xx answer: the sender's own, or 202 with the keys received and the repeats dropped. */
export function deliveredResponse(sender: Sender, delivery: Delivery): ReceiverResponse {
  if (sender.respond) return sender.respond(delivery);
  const count = delivery.alerts.length;
  const repeats = delivery.repeats > 0 ? `; ${delivery.repeats} repeated ${delivery.repeats === 1 ? 'notification' : 'notifications'} dropped` : '';
  return jsonResponse(202, {
    status: 'success',
    message: `${count} ${count === 1 ? 'alert' : 'alerts'} received${repeats}`,
    received: count,
    repeats: delivery.repeats,
    dedup_keys: delivery.alerts.map((a) => a.dedup_key),
  });
}
