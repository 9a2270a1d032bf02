import type { NormalisedAlert } from '../alerts/alert.ts';
import type { ReceiverError } from './errors.ts';

/** An HTTP request as the receiver's core sees it: no socket, so tests run it in process. */
export interface ReceiverRequest {
  method: string;
  /** The request target as received (`/alertmanager?x=1`); the query is ignored. */
  path: string;
  /** Names in lower case, as node:http gives them. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Buffer;
}

/** The request before its body is read: what the receiver checks first. */
export type RequestHead = Omit<ReceiverRequest, 'body'>;

export interface ReceiverResponse {
  status: number;
  /** Sent as given; Content-Length is added by the HTTP adapter. */
  headers: Record<string, string>;
  /** JSON text. */
  body: string;
}

/** What a sender's parse may use besides the body. */
export interface SenderRequest {
  readonly headers: RequestHead['headers'];
  /** When the body arrived: the `time` of an alert whose sender gave none. */
  readonly receivedAt: Date;
  /** A fresh dedup key (a UUID) for an alert that arrived without one. */
  newKey(): string;
}

/** What one request delivered: the alerts handed to the run, and how many were repeats. */
export interface Delivery {
  alerts: readonly NormalisedAlert[];
  /** Notifications dropped as repeats of ones already received (Alertmanager, Grafana). */
  repeats: number;
}

/**
 * One kind of sender (PagerDuty Events v2, Alertmanager, Grafana, the
 * generic form): one file in senders/, listed in senders/index.ts.
 */
export interface Sender {
  /** Short name, used in messages: `the Alertmanager webhook`. */
  readonly name: string;
  /** The path it is posted to, e.g. `/alertmanager`. */
  readonly path: string;
  /**
   * The whole body (already JSON-parsed) as normalised alerts, checked whole
   * before any is returned; throws a 400 ReceiverError naming each problem.
   */
  parse(body: unknown, request: SenderRequest): NormalisedAlert[];
  /**
   * For senders that re-send the same notification (Alertmanager's
   * repeat_interval): a key equal for repeats of one alert's notification.
   * Alerts whose key was seen before are dropped as repeats.
   */
  repeatKey?(alert: NormalisedAlert): string;
  /** A credential carried in the body (PagerDuty's routing_key), accepted in place of the bearer token. */
  bodyCredential?(body: unknown): string | undefined;
  /** The 2xx answer in the sender's own form (default: 202 with what was received). */
  respond?(delivery: Delivery): ReceiverResponse;
  /** An error answer in the sender's own form; return undefined for the default form. */
  respondError?(error: ReceiverError): ReceiverResponse | undefined;
}
