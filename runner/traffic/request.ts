import http from 'node:http';
import https from 'node:https';
import { errorFailure } from './outcome.ts';

/** One HTTP request to make, its URL parsed once. */
export interface RequestSpec {
  readonly url: URL;
  readonly method: string;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly body?: string | undefined;
}

/** What came back: a status (the whole body was read), or an error kind, or both (the body broke off). */
export interface Answer {
  readonly status?: number;
  readonly error?: string;
}

export type Agent = http.Agent;

/**
 * An agent for one endpoint or probe. Keep-alive is OFF by default: every
 * request opens a new connection, so a toxic added to a Toxiproxy proxy
 * applies from the very next request (toxics act per connection, and a
 * pooled connection made before the fault would bypass a `down` or `timeout`).
 */
export const newAgent = (url: URL, keepAlive = false): Agent =>
  url.protocol === 'https:'
    ? new https.Agent({ keepAlive, maxSockets: Number.POSITIVE_INFINITY })
    : new http.Agent({ keepAlive, maxSockets: Number.POSITIVE_INFINITY });

/**
 * Sends one request and reads the whole answer. Never rejects: a request
 * not answered in full within `timeoutMs` is destroyed and answers
 * `{ error: 'timeout' }`; socket errors answer their kind (`refused`, `reset`…).
 */
export const sendRequest = (spec: RequestSpec, agent: Agent, timeoutMs: number): Promise<Answer> =>
  new Promise<Answer>((resolve) => {
    let settled = false;
    let status: number | undefined;
    let timer: NodeJS.Timeout | undefined;
    const finish = (answer: Answer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    /** A failure, keeping the status when the headers had arrived. */
    const fail = (kind: string): void => finish(status === undefined ? { error: kind } : { status, error: kind });
    let request: http.ClientRequest;
    try {
      request = (spec.url.protocol === 'https:' ? https : http).request(spec.url, {
        method: spec.method,
        headers: spec.headers,
        agent,
      });
    } catch (error) {
      // Refused before sending, e.g. a header value with a line break.
      fail(errorFailure(error));
      return;
    }
    timer = setTimeout(() => {
      fail('timeout');
      request.destroy();
    }, timeoutMs);
    request.on('error', (error) => fail(errorFailure(error)));
    request.on('response', (response) => {
      const code = response.statusCode ?? 0;
      status = code;
      response.resume();
      response.on('end', () => finish({ status: code }));
      response.on('error', (error) => fail(errorFailure(error)));
      // Closed before the end of the body: the connection broke off mid-answer.
      response.on('close', () => {
        if (!response.complete) fail('reset');
      });
    });
    request.end(spec.body);
  });
