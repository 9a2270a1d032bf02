import { randomUUID } from 'node:crypto';
import { normalisedAlertSchema, type NormalisedAlert } from '../alerts/alert.ts';
import { ConfigError } from '../errors.ts';
import { headerCredential, Secret } from './auth.ts';
import { readJson } from './body.ts';
import { methodNotAllowed, notFound, notRecorded, tooLarge, unauthorized, unsupportedEncoding } from './errors.ts';
import { RepeatFilter } from './repeats.ts';
import { deliveredResponse, errorResponse } from './respond.ts';
import { SENDERS } from './senders/index.ts';
import type { ReceiverRequest, ReceiverResponse, RequestHead, Sender } from './types.ts';

/** PagerDuty's own bound on an event: 512 KB. */
export const DEFAULT_MAX_BODY_BYTES = 512 * 1024;

export interface ReceiverOptions {
  /** The shared secret: `Authorization: Bearer <secret>`, or PagerDuty's `routing_key`. */
  secret: string;
  /** Largest body accepted, bytes; larger ones are answered 413 (default 512 KB). */
  maxBodyBytes?: number;
  /**
   * Takes the alerts of one request, synchronously, before the sender is
   * answered (the run journals `alert.received` inside it). If it throws,
   * the sender gets a 500 and nothing of the request counts as received.
   * `receiverPath` is the sender's path, e.g. `/alertmanager`.
   */
  onAlerts(alerts: readonly NormalisedAlert[], receiverPath: string): void;
  /** Default: every sender in senders/index.ts. */
  senders?: readonly Sender[];
  /** Wall clock for `time` when a sender gives none (default: the system's). */
  now?: () => Date;
  /** Dedup keys for alerts that come without one (default: randomUUID). */
  newKey?: () => string;
  /** Told about errors that are bugs in the receiver (the sender got a 500). Default: stderr. */
  reportBug?: (error: unknown) => void;
}

/** A request that passed the checks that need no body: whose it is, and whether its header authenticated it. */
export interface Route {
  sender: Sender;
  /** False when the body's own credential (routing_key) must still prove it. */
  authenticated: boolean;
}

export type Accepted = { route: Route; response?: undefined } | { route?: undefined; response: ReceiverResponse };

/**
 * The receiver as functions of plain requests, so it runs in process without
 * a port; http.ts puts it behind node:http. `accept` checks what the headers
 * can tell (path, method, encoding, declared length, bearer token) before a
 * body is read; `receive` does the rest; `handle` is both.
 */
export interface Receiver {
  readonly maxBodyBytes: number;
  accept(head: RequestHead): Accepted;
  receive(route: Route, head: RequestHead, body: Buffer): ReceiverResponse;
  handle(request: ReceiverRequest): ReceiverResponse;
  /** The 413 answer, for the adapter that stops reading a body midway. */
  tooLarge(route: Route | undefined): ReceiverResponse;
}

export function createReceiver(options: ReceiverOptions): Receiver {
  const { onAlerts } = options;
  if (typeof options.secret !== 'string' || options.secret.length === 0) {
    throw new ConfigError('the alert receiver needs a secret (option secret): a non-empty string senders present as a bearer token');
  }
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) {
    throw new ConfigError(`the alert receiver's maxBodyBytes must be a whole number of bytes above 0, not ${String(maxBodyBytes)}`);
  }
  const secret = new Secret(options.secret);
  const senders = options.senders ?? SENDERS;
  const byPath = new Map(senders.map((s) => [s.path, s]));
  const now = options.now ?? (() => new Date());
  const newKey = options.newKey ?? randomUUID;
  const reportBug = options.reportBug ?? ((error: unknown) => console.error('gameday receiver bug:', error));
  const repeats = new RepeatFilter();

  const fail = (error: unknown, sender?: Sender): ReceiverResponse => errorResponse(error, sender, reportBug);
  const howToAuthenticate = (sender: Sender): string =>
    sender.bodyCredential ? 'an `Authorization: Bearer <secret>` header or the routing_key' : 'an `Authorization: Bearer <secret>` header';

  function accept(head: RequestHead): Accepted {
    const path = head.path.split('?', 1)[0]!;
    const sender = byPath.get(path);
    if (!sender) return { response: fail(notFound(path, [...byPath.keys()])) };
    if (head.method !== 'POST') return { response: fail(methodNotAllowed(head.method, path), sender) };
    const encoding = head.headers['content-encoding'];
    if (typeof encoding === 'string' && encoding.trim().toLowerCase() !== 'identity' && encoding.trim() !== '') {
      return { response: fail(unsupportedEncoding(encoding), sender) };
    }
    const declared = Number(head.headers['content-length'] ?? 0);
    if (declared > maxBodyBytes) return { response: fail(tooLarge(maxBodyBytes), sender) };
    const authenticated = secret.matches(headerCredential(head.headers));
    if (!authenticated && !sender.bodyCredential) return { response: fail(unauthorized(howToAuthenticate(sender)), sender) };
    return { route: { sender, authenticated } };
  }

  function receive({ sender, authenticated }: Route, head: RequestHead, body: Buffer): ReceiverResponse {
    try {
      if (body.length > maxBodyBytes) throw tooLarge(maxBodyBytes);
      const value = authenticated ? readJson(body) : readAuthenticatedJson(sender, body);
      const alerts = sender.parse(value, { headers: head.headers, receivedAt: now(), newKey });
      for (const alert of alerts) {
        // A sender that produced a malformed alert is a bug; it must not reach the journal.
        const checked = normalisedAlertSchema.safeParse(alert);
        if (!checked.success) throw new Error(`${sender.name} produced an invalid alert: ${checked.error.message}`);
      }
      const { fresh, keys, repeated } = dropRepeats(sender, alerts);
      if (fresh.length > 0) {
        try {
          onAlerts(fresh, sender.path);
        } catch (error) {
          throw notRecorded(error);
        }
      }
      // Only now: had onAlerts failed, the sender's retry must not be taken for a repeat.
      repeats.remember(keys);
      return deliveredResponse(sender, { alerts: fresh, repeats: repeated });
    } catch (error) {
      return fail(error, sender);
    }
  }

  /** A body that must authenticate itself: anything but JSON carrying the secret is 401, so nothing is said about it. */
  function readAuthenticatedJson(sender: Sender, body: Buffer): unknown {
    let value: unknown;
    try {
      value = readJson(body);
    } catch {
      throw unauthorized(howToAuthenticate(sender));
    }
    if (!secret.matches(sender.bodyCredential?.(value))) throw unauthorized(howToAuthenticate(sender));
    return value;
  }

  function dropRepeats(sender: Sender, alerts: NormalisedAlert[]) {
    if (!sender.repeatKey) return { fresh: alerts, keys: [], repeated: 0 };
    const fresh: NormalisedAlert[] = [];
    const keys = new Set<string>();
    for (const alert of alerts) {
      const key = sender.repeatKey(alert);
      if (repeats.has(key) || keys.has(key)) continue;
      keys.add(key);
      fresh.push(alert);
    }
    return { fresh, keys, repeated: alerts.length - fresh.length };
  }

  return {
    maxBodyBytes,
    accept,
    receive,
    handle(request) {
      const accepted = accept(request);
      return accepted.response ?? receive(accepted.route, request, request.body);
    },
    tooLarge: (route) => fail(tooLarge(maxBodyBytes), route?.sender),
  };
}
