import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { NormalisedAlert } from '../../runner/alerts/index.ts';
import { JournalWriter, readJournal } from '../../runner/journal/index.ts';
import { startReceiver, type RunningReceiver } from '../../runner/receiver/index.ts';
import { withDeadline } from '../helpers/sockets.ts';
import { alertmanagerBody, pagerdutyTrigger, SECRET } from './fixtures.ts';

const opened: Array<() => unknown> = [];
afterEach(async () => {
  for (const close of opened.splice(0).reverse()) await close();
});

async function start(options: Partial<Parameters<typeof startReceiver>[0]> = {}) {
  const handed: Array<{ alerts: NormalisedAlert[]; path: string }> = [];
  const server = await startReceiver({ secret: SECRET, onAlerts: (alerts, path) => void handed.push({ alerts: [...alerts], path }), ...options });
  opened.push(() => server.close());
  return { server, handed };
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  json: Record<string, unknown>;
}

function post(server: RunningReceiver, path: string, body: unknown, agent: http.Agent, headers: Record<string, string> = {}): Promise<Answer> {
  const bytes = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${server.url}${path}`,
      { method: 'POST', agent, headers: { Authorization: `Bearer ${SECRET}`, 'Content-Type': 'application/json', 'Content-Length': bytes.length, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown> }));
        res.on('error', reject);
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error(`POST ${path}: no answer in 10 s`)));
    req.on('error', reject);
    req.end(bytes);
  });
}

/** Writes `parts` on a raw socket and reads until the server closes it; the text received. */
async function rawExchange(port: number, parts: Array<string | Buffer>): Promise<string> {
  const socket = net.connect({ host: '127.0.0.1', port });
  opened.push(() => socket.destroy());
  await once(socket, 'connect');
  const chunks: Buffer[] = [];
  socket.on('data', (c: Buffer) => chunks.push(c));
  socket.on('error', () => {});
  for (const part of parts) socket.write(part);
  await withDeadline(once(socket, 'close'), 10_000, 'close from the receiver');
  return Buffer.concat(chunks).toString();
}

describe('over loopback', () => {
  it('hands every one of many concurrent posts to onAlerts exactly once, before answering', async () => {
    const handed: string[] = [];
    const { server } = await start({ onAlerts: (alerts) => void handed.push(...alerts.map((a) => a.dedup_key)) });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    opened.push(() => agent.destroy());
    const N = 400;
    const answers = await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        const key = `k-${i}`;
        const answer =
          i % 2 === 0
            ? await post(server, '/v2/enqueue', pagerdutyTrigger({ dedup_key: key }), agent)
            : await post(server, '/alerts', { summary: `alert ${i}`, severity: 'warning', status: 'firing', dedup_key: key }, agent);
        // Answered only after it was handed over.
        expect(handed).toContain(key);
        return answer;
      }),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(N).fill(202));
    expect(handed).toHaveLength(N);
    expect(new Set(handed).size).toBe(N);
  });

  it('writes alert.received events the journal reads back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gd-receiver-'));
    opened.push(() => rmSync(dir, { recursive: true, force: true }));
    const journal = JournalWriter.create(dir);
    opened.push(() => journal.close());
    const { server } = await start({
      onAlerts: (alerts, receiver) => {
        for (const alert of alerts) journal.write({ source: 'receiver', type: 'alert.received', alert, receiver });
      },
    });
    const agent = new http.Agent({ keepAlive: false });
    opened.push(() => agent.destroy());
    const hostile = { summary: '</script>\u001b[2J\n"quoted"', severity: 'page', status: 'firing', details: { raw: '\u0000\u2028' } };
    expect((await post(server, '/alertmanager', alertmanagerBody(), agent)).status).toBe(202);
    expect((await post(server, '/alerts', hostile, agent)).status).toBe(202);
    const read = readJournal(journal.path);
    expect(read.problems).toEqual([]);
    expect(read.events.map((e) => (e.type === 'alert.received' ? `${e.receiver} ${e.alert.action} ${e.alert.severity}` : e.type))).toEqual([
      '/alertmanager trigger critical',
      '/alertmanager resolve warning',
      '/alerts trigger critical',
    ]);
  });

  it('answers 500 when onAlerts throws', async () => {
    const { server } = await start({
      onAlerts: () => {
        throw new Error('journal is closed');
      },
    });
    const agent = new http.Agent({ keepAlive: false });
    opened.push(() => agent.destroy());
    const answer = await post(server, '/v2/enqueue', pagerdutyTrigger(), agent);
    expect(answer.status).toBe(500);
    expect(answer.json.message).toBe('the alerts were not recorded (journal is closed); nothing was accepted, send them again');
  });

  it('refuses a declared body over the bound with 413 before reading it', async () => {
    const { server, handed } = await start({ maxBodyBytes: 4096 });
    // Ten megabytes are announced, one chunk is sent: the answer cannot have waited for the rest.
    const text = await rawExchange(server.port, [
      `POST /alerts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${SECRET}\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n`,
      Buffer.alloc(8192, 0x20),
    ]);
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(text).toMatch(/\r\nConnection: close\r\n/i);
    expect(text).toContain("body is larger than 4096 bytes, the receiver's bound (option maxBodyBytes)");
    expect(handed).toEqual([]);
  });

  it('refuses a chunked body that grows over the bound with 413, mid-body', async () => {
    const { server, handed } = await start({ maxBodyBytes: 4096 });
    const chunk = (data: string) => `${Buffer.byteLength(data).toString(16)}\r\n${data}\r\n`;
    const text = await rawExchange(server.port, [
      `POST /alerts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${SECRET}\r\nTransfer-Encoding: chunked\r\n\r\n`,
      chunk('{"summary": "'),
      chunk('x'.repeat(5000)),
      // No terminating chunk: the receiver must answer without waiting for the end.
    ]);
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(handed).toEqual([]);
  });

  it('answers Expect: 100-continue with the refusal, or with a go-ahead', async () => {
    const { server, handed } = await start({ maxBodyBytes: 4096 });
    const refused = await rawExchange(server.port, [
      `POST /alerts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${SECRET}\r\nContent-Length: 100000\r\nExpect: 100-continue\r\n\r\n`,
    ]);
    expect(refused).toMatch(/^HTTP\/1\.1 413 /);
    const body = JSON.stringify({ summary: 'x', severity: 'info', status: 'firing', dedup_key: 'c' });
    const socket = net.connect({ host: '127.0.0.1', port: server.port });
    opened.push(() => socket.destroy());
    await once(socket, 'connect');
    socket.write(`POST /alerts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${SECRET}\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`);
    const [first] = (await withDeadline(once(socket, 'data'), 10_000, '100 Continue')) as [Buffer];
    expect(first.toString()).toMatch(/^HTTP\/1\.1 100 Continue\r\n/);
    const rest: Buffer[] = [];
    socket.on('data', (c: Buffer) => rest.push(c));
    socket.end(body);
    await withDeadline(once(socket, 'close'), 10_000, 'close');
    expect(Buffer.concat(rest).toString()).toMatch(/^HTTP\/1\.1 202 /);
    expect(handed.map((h) => h.alerts[0]!.dedup_key)).toEqual(['c']);
  });

  it('keeps a keep-alive connection usable after a 401', async () => {
    const { server, handed } = await start();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    opened.push(() => agent.destroy());
    const sockets = new Set<net.Socket>();
    agent.on('free', (socket: net.Socket) => sockets.add(socket));
    const generic = { summary: 'x', severity: 'info', status: 'firing' };
    expect((await post(server, '/alerts', generic, agent, { Authorization: 'Bearer nope' })).status).toBe(401);
    expect((await post(server, '/alerts', generic, agent)).status).toBe(202);
    expect(sockets.size).toBe(1);
    expect(handed).toHaveLength(1);
  });

  it('closes with keep-alive connections still open', async () => {
    const server = await startReceiver({ secret: SECRET, onAlerts: () => {} });
    const agent = new http.Agent({ keepAlive: true });
    opened.push(() => agent.destroy());
    expect((await post(server, '/alerts', { summary: 'x', severity: 'info', status: 'firing' }, agent)).status).toBe(202);
    await withDeadline(server.close(), 5_000, 'close');
    await expect(post(server, '/alerts', {}, new http.Agent())).rejects.toThrow(/ECONNREFUSED|socket hang up|ECONNRESET/);
  });

  it('listens on 127.0.0.1 by default and reports its URL', async () => {
    const { server } = await start();
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
  });
});
