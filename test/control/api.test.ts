import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTROL_FILE } from '../../runner/control/index.ts';
import { startFakeRun, tempCwd, type FakeRun } from './fixtures.ts';

// The run's control API over loopback, with a real incident engine and journal behind it.

let cwd: ReturnType<typeof tempCwd>;
let run: FakeRun;

beforeEach(async () => {
  cwd = tempCwd();
  run = await startFakeRun(cwd.dir, '20250301-100000-drill-abcd');
});
afterEach(async () => {
  await run.api.close();
  cwd.remove();
});

const call = async (method: string, path: string, body?: string, token: string | null = run.api.token) => {
  const response = await fetch(`${run.api.url}${path}`, {
    method,
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
    ...(body === undefined ? {} : { body }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('control.json', () => {
  it('holds the address, the token and the pid, readable by its owner only, and goes away on close', async () => {
    const path = join(run.dir, CONTROL_FILE);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ url: run.api.url, token: run.api.token, pid: process.pid });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(run.api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(run.api.token).toMatch(/^[0-9a-f]{48}$/);
    await run.api.close();
    expect(existsSync(path)).toBe(false);
  });
});

describe('requests', () => {
  it('refuses a request without the token, or with another', async () => {
    const expected = { status: 401, body: { error: 'missing or wrong token (expected Authorization: Bearer <token from control.json>)' } };
    expect(await call('POST', '/ack', '{}', null)).toEqual(expected);
    expect(await call('POST', '/ack', '{}', 'x'.repeat(48))).toEqual(expected);
    expect(run.events().map((e) => e.type)).not.toContain('incident.acknowledged');
  });

  it('acknowledges, notes and resolves through the run, answering with the events it journalled', async () => {
    const ack = await call('POST', '/ack', JSON.stringify({ incident: 'inc-1', by: 'alice' }));
    expect(ack).toEqual({
      status: 200,
      body: { events: [{ source: 'operator', type: 'incident.acknowledged', incident: 'inc-1', by: 'alice', after_ms: 32_000 }] },
    });
    expect((await call('POST', '/note', JSON.stringify({ text: '  restarting payments ' }))).body).toEqual({
      events: [{ source: 'operator', type: 'responder.note', incident: null, by: 'operator', text: 'restarting payments' }],
    });
    expect((await call('POST', '/resolve', '')).status).toBe(200);
    expect(run.events().map((e) => e.type).slice(-4)).toEqual(['incident.acknowledged', 'responder.note', 'alert.resolved', 'incident.resolved']);
    const incidents = await call('GET', '/incidents');
    expect(incidents.status).toBe(200);
    expect(incidents.body.incidents).toMatchObject([{ id: 'inc-1', acknowledged_by: 'alice', resolved_by: 'operator', time_to_acknowledge: 32_000 }]);
  });

  it('says what is wrong with a body: not JSON, missing or unknown fields, wrong types', async () => {
    expect(await call('POST', '/ack', '{"incident": ')).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^body is not JSON: /) } });
    expect(await call('POST', '/note', JSON.stringify({ incident: 'inc-1' }))).toEqual({
      status: 400,
      body: { error: 'invalid request: text: expected the note as a string' },
    });
    expect(await call('POST', '/ack', JSON.stringify({ incident: 7, who: 'alice' }))).toEqual({
      status: 400,
      body: { error: 'invalid request: incident: Invalid input: expected string, received number; body: Unrecognized key: "who"' },
    });
    expect(await call('POST', '/resolve', JSON.stringify({ incident: 'inc 1' }))).toEqual({
      status: 400,
      body: { error: 'invalid request: incident: expected an incident id such as inc-1' },
    });
    expect((await call('POST', '/note', JSON.stringify({ text: 'x'.repeat(20_000) }))).status).toBe(413);
  });

  it('answers 404 for an unknown incident and 409 for one already acknowledged, with the run’s reason', async () => {
    expect(await call('POST', '/ack', JSON.stringify({ incident: 'inc-9' }))).toEqual({
      status: 404,
      body: { error: 'no incident inc-9 in this run (incidents of this run: inc-1)' },
    });
    await call('POST', '/ack', JSON.stringify({ by: 'alice' }));
    expect(await call('POST', '/ack', JSON.stringify({ incident: 'inc-1', by: 'bob' }))).toEqual({
      status: 409,
      body: { error: 'incident inc-1 was already acknowledged (by alice, 32s after it opened)' },
    });
  });

  it('answers 404 for an unknown path and 405 for a wrong method', async () => {
    expect(await call('GET', '/nope')).toEqual({ status: 404, body: { error: 'no such endpoint /nope (expected one of: /ack, /note, /resolve, /incidents)' } });
    expect(await call('GET', '/ack')).toEqual({ status: 405, body: { error: '/ack takes POST, not GET' } });
  });
});

it('answers 500 when the run fails to do it', async () => {
  await run.api.close();
  run = await startFakeRun(cwd.dir, '20250301-100001-drill-abce', {
    handlers: {
      ack: () => {
        throw new Error('journal is closed');
      },
    },
  });
  expect(await call('POST', '/ack', '{}')).toEqual({ status: 500, body: { error: 'journal is closed' } });
});
