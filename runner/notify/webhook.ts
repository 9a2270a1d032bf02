import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** A message in Slack's incoming-webhook form. */
export interface WebhookMessage {
  /** The whole message as plain text (also the fallback where blocks are not shown). */
  text: string;
  blocks?: unknown[];
}

export interface PostOutcome {
  ok: boolean;
  /** What happened, for the journal: the status, or why it failed. Never the URL's path (it holds the webhook's secret). */
  detail: string;
}

/** How much of an error response's body is kept for the journal, characters. */
const BODY_KEPT = 200;
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 5_000;

/**
 * POSTs one message as JSON. Never rejects: any failure (refused, no answer
 * within `timeoutMs`, a non-2xx status) is an outcome with ok false. One
 * connection per message (no keep-alive), so nothing lingers after the run.
 */
export const postWebhook = (url: string, message: WebhookMessage, timeoutMs = DEFAULT_WEBHOOK_TIMEOUT_MS): Promise<PostOutcome> => {
  const target = new URL(url);
  const body = JSON.stringify(message);
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((done) => {
    let settled = false;
    const finish = (outcome: PostOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      done(outcome);
    };
    const req = request(target, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    const timer = setTimeout(() => {
      finish({ ok: false, detail: `${target.host} did not answer within ${timeoutMs} ms` });
      req.destroy();
    }, timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => finish({ ok: false, detail: `could not post to ${target.host}: ${error.code ?? error.message}` }));
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (text.length < BODY_KEPT) text += chunk;
      });
      res.on('error', (error) => finish({ ok: false, detail: `${target.host} answered ${res.statusCode}, then the connection failed: ${error.message}` }));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const said = text.trim().slice(0, BODY_KEPT);
        const ok = status >= 200 && status < 300;
        finish({ ok, detail: `${target.host} answered ${status}${said === '' ? '' : `: ${said}`}` });
      });
    });
    req.end(body);
  });
};
