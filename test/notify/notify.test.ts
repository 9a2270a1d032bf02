import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebhookNotifier, postWebhook } from '../../runner/notify/index.ts';
import { alert, engine, routing } from '../incidents/fixtures.ts';

// The outbound webhook against local HTTP servers: one that answers, one that hangs, none at all.

interface Hook {
  url: string;
  bodies: unknown[];
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  }
});

const startHook = async (answer: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end('ok')): Promise<Hook> => {
  const bodies: unknown[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      bodies.push({ method: req.method, path: req.url, type: req.headers['content-type'], body: JSON.parse(text) as unknown });
      answer(req, res);
    });
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/services/T000/B000/secret`, bodies };
};

describe('postWebhook', () => {
  it('POSTs the message as JSON and reports the answer', async () => {
    const hook = await startHook();
    const outcome = await postWebhook(hook.url, { text: 'hello' });
    expect(outcome).toEqual({ ok: true, detail: `${new URL(hook.url).host} answered 200: ok` });
    expect(hook.bodies).toEqual([{ method: 'POST', path: '/services/T000/B000/secret', type: 'application/json', body: { text: 'hello' } }]);
  });

  it('reports a non-2xx answer with its body, without the secret path', async () => {
    const hook = await startHook((_req, res) => {
      res.statusCode = 404;
      res.end('no_service');
    });
    const outcome = await postWebhook(hook.url, { text: 'hello' });
    expect(outcome).toEqual({ ok: false, detail: `${new URL(hook.url).host} answered 404: no_service` });
  });

  it('gives up on a server that never answers, after the timeout', async () => {
    const hook = await startHook(() => undefined);
    const started = Date.now();
    const outcome = await postWebhook(hook.url, { text: 'hello' }, 300);
    expect(outcome).toEqual({ ok: false, detail: `${new URL(hook.url).host} did not answer within 300 ms` });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('reports a refused connection', async () => {
    const hook = await startHook();
    const server = servers.pop();
    server?.close();
    if (server !== undefined) await once(server, 'close');
    expect(await postWebhook(hook.url, { text: 'hello' })).toEqual({ ok: false, detail: `could not post to ${new URL(hook.url).host}: ECONNREFUSED` });
  });
});

describe('the webhook notifier', () => {
  /** Routing as written in an experiment: the engine and the notifier each take it. */
  const raw = (url: string, extra: Record<string, unknown> = {}) => ({
    on_call: { checkout: ['alice'] },
    escalation: [{ notify: 'on_call', timeout: '1m' }, { notify: ['lead'] }],
    webhook: { url },
    ...extra,
  });

  it('posts an incident that pages, then its escalation, acknowledgement and resolution, in order', async () => {
    const hook = await startHook();
    const subject = engine({ routing: raw(hook.url) });
    const notifier = createWebhookNotifier({ routing: routing(raw(hook.url)), experiment: 'drill', runId: '20250301-100000-drill-abcd' });
    const journal = [
      ...(await notifier.forward(subject.ingest(alert({ summary: 'p99 > 800ms <b>' }), 0))),
      ...(await notifier.forward(subject.tick(60_000))),
      ...(await notifier.forward(subject.acknowledge('inc-1', 'alice', 75_000))),
      ...(await notifier.forward(subject.resolve('inc-1', 'alice', 135_000))),
    ];
    const texts = hook.bodies.map((b) => (b as { body: { text: string } }).body.text);
    expect(texts).toEqual([
      '[CRITICAL] incident inc-1 (p99 &gt; 800ms &lt;b&gt;) opened on checkout, high urgency',
      'incident inc-1 (p99 &gt; 800ms &lt;b&gt;) escalated to level 1 (lead): not acknowledged within 1m at level 0',
      'incident inc-1 (p99 &gt; 800ms &lt;b&gt;) acknowledged by alice after 1m15s',
      'incident inc-1 (p99 &gt; 800ms &lt;b&gt;) resolved by alice after 2m15s',
    ]);
    expect((hook.bodies[0] as { body: { blocks: unknown[] } }).body.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: texts[0] } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'gameday experiment drill · run 20250301-100000-drill-abcd' }] },
    ]);
    expect(journal.map((e) => e.type === 'notification.sent' && [e.channel, e.level, e.ok, e.to])).toEqual([
      ['webhook', 0, true, ['webhook']],
      ['webhook', 1, true, ['webhook']],
      ['webhook', 1, true, ['webhook']],
      ['webhook', 1, true, ['webhook']],
    ]);
  });

  it('posts what only notifies, and nothing about what only records', async () => {
    const hook = await startHook();
    const only = raw(hook.url, { notify: { high: 'notify', low: 'record' } });
    const subject = engine({ routing: only });
    const notifier = createWebhookNotifier({ routing: routing(only) });
    expect(await notifier.forward(subject.ingest(alert({ dedup_key: 'crit' }), 0))).toMatchObject([{ channel: 'webhook', ok: true }]);
    expect(await notifier.forward(subject.ingest(alert({ dedup_key: 'warn', severity: 'warning', service: 'payments' }), 0))).toEqual([]);
    expect(await notifier.forward(subject.acknowledge('inc-2', 'alice', 1_000))).toEqual([]);
    expect(hook.bodies).toHaveLength(1);
  });

  it('journals a failed post (a hanging server) as a failed notification, without throwing', async () => {
    const hook = await startHook(() => undefined);
    const notifier = createWebhookNotifier({ routing: routing(raw(hook.url)), timeoutMs: 300 });
    const subject = engine({ routing: raw(hook.url) });
    expect(await notifier.forward(subject.ingest(alert(), 0))).toEqual([
      {
        source: 'runner',
        type: 'notification.sent',
        incident: 'inc-1',
        to: ['webhook'],
        channel: 'webhook',
        level: 0,
        ok: false,
        detail: `incident.opened: ${new URL(hook.url).host} did not answer within 300 ms`,
      },
    ]);
  });

  it('turns a post that throws into a failed notification, and posts nothing without a webhook', async () => {
    const failing = createWebhookNotifier({ routing: routing(raw('http://127.0.0.1:9/hook')), post: () => Promise.reject(new Error('boom')) });
    expect(await failing.forward(engine().ingest(alert(), 0))).toMatchObject([{ ok: false, detail: 'incident.opened: boom' }]);
    const none = createWebhookNotifier({ routing: routing({}) });
    expect(await none.forward(engine().ingest(alert(), 0))).toEqual([]);
    await none.settled();
  });
});
