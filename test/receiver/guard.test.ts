import { describe, expect, it } from 'vitest';
import { normalisedAlertSchema } from '../../runner/alerts/index.ts';
import { GamedayError } from '../../runner/errors.ts';
import { alertmanagerBody, pagerdutyTrigger, SECRET, testReceiver } from './fixtures.ts';

const generic = { summary: 'Disk full', severity: 'critical', status: 'firing', dedup_key: 'disk' };

describe('the shared secret', () => {
  it('accepts the bearer token on every receiver, and Basic auth whose password is the secret', () => {
    const r = testReceiver();
    expect(r.post('/alerts', generic).status).toBe(202);
    expect(r.post('/alerts', generic, { authorization: `bearer  ${SECRET} ` }).status).toBe(202);
    expect(r.post('/alertmanager', alertmanagerBody()).status).toBe(202);
    expect(r.post('/v2/enqueue', pagerdutyTrigger()).status).toBe(202);
    const basic = `Basic ${Buffer.from(`grafana:${SECRET}`).toString('base64')}`;
    expect(r.post('/alerts', generic, { authorization: basic }).status).toBe(202);
  });

  it('accepts a PagerDuty event whose routing_key is the secret, with no header', () => {
    const r = testReceiver();
    expect(r.post('/v2/enqueue', pagerdutyTrigger({ routing_key: SECRET }), { authorization: null }).status).toBe(202);
    expect(r.alerts()).toHaveLength(1);
  });

  it('answers 401, hands nothing over, and says how to authenticate, for a wrong or missing secret', () => {
    const r = testReceiver();
    const cases = [
      r.post('/alerts', generic, { authorization: null }),
      r.post('/alerts', generic, { authorization: 'Bearer wrong' }),
      r.post('/alerts', generic, { authorization: `Bearer ${SECRET}x` }),
      r.post('/alerts', generic, { authorization: SECRET }),
      r.post('/alerts', generic, { authorization: `Basic ${Buffer.from(`${SECRET}:x`).toString('base64')}` }),
      // The routing key only counts on PagerDuty's form.
      r.post('/alerts', { ...generic, routing_key: SECRET }, { authorization: null }),
      r.post('/v2/enqueue', pagerdutyTrigger(), { authorization: null }),
      r.post('/v2/enqueue', pagerdutyTrigger(), { authorization: 'Bearer wrong' }),
      // Unauthenticated and malformed: 401, not a 400 that describes the body to a stranger.
      r.post('/v2/enqueue', `{"routing_key": "${SECRET}"`, { authorization: null }),
    ];
    for (const res of cases) {
      expect(res.status).toBe(401);
      expect(res.headers['WWW-Authenticate']).toBe('Bearer realm="gameday"');
      expect(res.json).toMatchObject({ status: 'unauthorized', message: expect.stringMatching(/^missing or wrong secret: send the run's receiver secret as an `Authorization: Bearer <secret>` header/) });
    }
    expect(cases.at(-1)!.json.message).toContain('or the routing_key');
    expect(r.handed).toEqual([]);
  });

  it('never puts the routing key in the alert', () => {
    const r = testReceiver();
    r.post('/v2/enqueue', pagerdutyTrigger({ routing_key: SECRET }), { authorization: null });
    expect(JSON.stringify(r.alerts())).not.toContain(SECRET);
  });

  it('refuses to start without a secret or with a bad bound', () => {
    expect(() => testReceiver({ secret: '' })).toThrow(GamedayError);
    expect(() => testReceiver({ secret: '' })).toThrow(/needs a secret \(option secret\)/);
    expect(() => testReceiver({ maxBodyBytes: 0 })).toThrow(/maxBodyBytes must be a whole number of bytes above 0, not 0/);
  });
});

describe('requests that are not alerts', () => {
  it('answers 404 for an unknown path, listing the receivers, and 405 for another method', () => {
    const r = testReceiver();
    const missing = r.post('/v1/enqueue', generic);
    expect(missing.status).toBe(404);
    expect(missing.json.message).toBe('no receiver at /v1/enqueue; receivers: POST /v2/enqueue, POST /alertmanager, POST /grafana, POST /alerts');
    for (const method of ['GET', 'PUT', 'DELETE', 'HEAD', 'OPTIONS']) {
      const res = r.post('/alerts', '', { method });
      expect(res.status).toBe(405);
      expect(res.headers.Allow).toBe('POST');
    }
    // The query is not part of the path.
    expect(r.post('/alerts?team=shop', generic).status).toBe(202);
  });

  it('refuses bodies over the bound with 413, by declared length or by actual size', () => {
    const r = testReceiver({ maxBodyBytes: 1024 });
    const big = { ...generic, details: { pad: 'x'.repeat(2000) } };
    const declared = r.post('/alerts', big);
    expect(declared.status).toBe(413);
    expect(declared.json.message).toBe("body is larger than 1024 bytes, the receiver's bound (option maxBodyBytes)");
    const undeclared = r.receiver.handle({ method: 'POST', path: '/alerts', headers: { authorization: `Bearer ${SECRET}` }, body: Buffer.from(JSON.stringify(big)) });
    expect(undeclared.status).toBe(413);
    expect(r.post('/alerts', { ...generic, details: { pad: 'x'.repeat(900) } }).status).toBe(202);
    expect(r.handed).toHaveLength(1);
  });

  it('defaults the bound to 512 KB', () => {
    const r = testReceiver();
    expect(r.receiver.maxBodyBytes).toBe(524_288);
    const pad = (n: number) => ({ ...generic, details: { pad: 'x'.repeat(n) } });
    const overhead = JSON.stringify(pad(0)).length;
    expect(r.post('/alerts', pad(524_288 - overhead)).status).toBe(202);
    expect(r.post('/alerts', pad(524_288 - overhead + 1)).status).toBe(413);
  });

  it('refuses compressed bodies with 415', () => {
    const res = testReceiver().post('/alerts', generic, { headers: { 'Content-Encoding': 'gzip' } });
    expect(res.status).toBe(415);
    expect(res.json.message).toBe('Content-Encoding gzip is not supported; send the body uncompressed');
  });
});

describe('malformed bodies', () => {
  it('says where JSON syntax breaks', () => {
    const r = testReceiver();
    const cases: Array<[string, string]> = [
      ['{"summary": "x",}', `unexpected "}" at line 1, column 17 (character 16); expected a '"'-quoted key`],
      ['{"summary": "x"\n  "severity": "info"}', `unexpected "\\"" at line 2, column 3 (character 18); expected ',' or '}'`],
      ['[{"summary": "x"}', `unexpected end of body at line 1, column 18 (character 17); expected ',' or ']'`],
      ['{"summary": "tab\there"}', `unexpected "\\t" at line 1, column 17 (character 16); expected no raw control character inside a string (escape it)`],
      ["{'summary': 1}", `unexpected "'" at line 1, column 2 (character 1); expected a '"'-quoted key or '}'`],
      ['{"a": 01}', `unexpected "1" at line 1, column 8 (character 7); expected ',' or '}'`],
      ['{"a": 1} {"b": 2}', `unexpected "{" at line 1, column 10 (character 9); expected nothing more after the value`],
      ['{"a": "\\x"}', `unexpected "x" at line 1, column 9 (character 8); expected an escape: one of " \\ / b f n r t u`],
    ];
    for (const [text, detail] of cases) {
      const res = r.post('/alerts', text);
      expect(res.status, text).toBe(400);
      expect(res.json, text).toEqual({ status: 'invalid', message: `body is not valid JSON: ${detail}`, errors: [`body is not valid JSON: ${detail}`] });
    }
    expect(r.post('/alerts', '').json.message).toBe('body is empty; send one JSON value');
    expect(r.post('/alerts', '\ufeff' + JSON.stringify(generic)).status).toBe(202);
  });

  it('names the path and the expectation for wrong types', () => {
    const r = testReceiver();
    const body = alertmanagerBody();
    (body.alerts[0] as Record<string, unknown>).labels = { alertname: 'X', severity: 3 };
    (body.alerts[1] as Record<string, unknown>).status = 'pending';
    const res = r.post('/alertmanager', body);
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([
      'alerts[0].labels.severity: Invalid input: expected string, received number',
      'alerts[1].status: Invalid option: expected one of "firing"|"resolved"',
    ]);
    expect(r.post('/alertmanager', 42).json.errors).toEqual(['(body): Invalid input: expected object, received number']);
    expect(r.post('/alertmanager', null).json.errors).toEqual(['(body): Invalid input: expected object, received null']);
    expect(r.post('/alerts', 'true').json.errors).toEqual(['(body): Invalid input: expected object, received boolean']);
  });

  it('refuses nesting deeper than 64 levels, which the journal could not write', () => {
    const r = testReceiver();
    const deep = `{"summary":"x","severity":"info","status":"firing","details":{"d":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    const res = r.post('/alerts', deep);
    expect(res.status).toBe(400);
    expect(res.json.message).toBe('body nests arrays and objects more than 64 levels deep');
    expect(r.post('/alerts', '['.repeat(100_000)).status).toBe(400);
  });
});

describe('hostile text', () => {
  it('keeps HTML and markdown as text, replaces control characters, and never crashes', () => {
    const r = testReceiver();
    const summary = '<script>alert(1)</script> **bold** [x](javascript:alert(1)) \u001b[31mred\u001b[0m\nline2\r\u0000\u202eevil\u0085';
    const res = r.post('/alerts', { ...generic, summary, source: 'a\u0007b', service: '\u001b]0;title\u0007svc' });
    expect(res.status).toBe(202);
    const [alert] = r.alerts();
    expect(alert!.summary).toBe('<script>alert(1)</script> **bold** [x](javascript:alert(1))  [31mred [0m line2 evil');
    expect(alert!.source).toBe('a b');
    expect(alert!.service).toBe(']0;title svc');
  });

  it('cuts a 100 KB summary to 1024 characters, as PagerDuty does, on every receiver', () => {
    const r = testReceiver();
    const huge = 'é'.repeat(50_000) + '😀'.repeat(25_000);
    r.post('/v2/enqueue', pagerdutyTrigger({ payload: { summary: huge, source: 'x', severity: 'error' } }));
    r.post('/alerts', { ...generic, summary: 'a'.repeat(1023) + '😀' });
    const body = alertmanagerBody();
    body.alerts[0]!.annotations.summary = huge;
    r.post('/alertmanager', body);
    const summaries = r.alerts().map((a) => a.summary);
    expect(summaries.map((s) => s.length)).toEqual([1024, 1023, 1024, 29]);
    // Never half a surrogate pair.
    expect(summaries[1]).toBe('a'.repeat(1023));
    for (const alert of r.alerts()) expect(normalisedAlertSchema.safeParse(alert).success).toBe(true);
  });

  it('survives junk of every JSON type in every field', () => {
    const r = testReceiver();
    const junk = [null, true, 0, -1e308, '', 'x'.repeat(5000), [], {}, [null], { __proto__: 1 }, '\u0000'];
    for (const path of ['/v2/enqueue', '/alertmanager', '/grafana', '/alerts']) {
      for (const value of junk) {
        for (const field of ['summary', 'payload', 'alerts', 'labels', 'status', 'event_action', 'routing_key', 'details', 'links', 'version']) {
          const res = r.post(path, { ...pagerdutyTrigger(), ...alertmanagerBody(), ...generic, [field]: value });
          expect([202, 400]).toContain(res.status);
        }
        expect([202, 400]).toContain(r.post(path, JSON.stringify(value)).status);
      }
    }
    for (const alert of r.alerts()) expect(normalisedAlertSchema.safeParse(alert).success).toBe(true);
  });
});

describe('handing alerts to the run', () => {
  it('answers 500 when onAlerts throws, and takes the retry as new, not as a repeat', () => {
    let fail = true;
    const taken: string[] = [];
    const r = testReceiver({
      onAlerts: (alerts) => {
        if (fail) throw new Error('ENOSPC: no space left on device, write');
        taken.push(...alerts.map((a) => a.dedup_key));
      },
    });
    const res = r.post('/alertmanager', alertmanagerBody());
    expect(res.status).toBe(500);
    expect(res.json).toEqual({
      status: 'error',
      message: 'the alerts were not recorded (ENOSPC: no space left on device, write); nothing was accepted, send them again',
    });
    fail = false;
    expect(r.post('/alertmanager', alertmanagerBody()).json).toMatchObject({ received: 2, repeats: 0 });
    expect(taken).toEqual(['5f8d2a1c9b3e7d40', 'a17c03e9d4b2f615']);
  });

  it('does not call onAlerts when every alert was a repeat', () => {
    const r = testReceiver();
    r.post('/alertmanager', alertmanagerBody());
    r.post('/alertmanager', alertmanagerBody());
    expect(r.handed).toHaveLength(1);
  });
});
