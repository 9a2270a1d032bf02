import { describe, expect, it } from 'vitest';
import { alert, engine, only, tickThrough, types } from './fixtures.ts';

// Routing, escalation timeouts and the automated responder, with the clock in the test's hands (ms since run start).

const onCall = { checkout: ['alice', 'bob'] };
const threeLevels = {
  on_call: onCall,
  escalation: [
    { notify: 'on_call', timeout: '5m' },
    { notify: ['lead'], timeout: '10m' },
    { notify: ['director'] },
  ],
};

describe('notifications when an incident opens', () => {
  it('pages the on-call people of the service at level 0', () => {
    const events = engine({ routing: { on_call: onCall } }).ingest(alert(), 1_000);
    expect(only(events, 'notification.sent')).toEqual([
      { source: 'runner', type: 'notification.sent', incident: 'inc-1', to: ['alice', 'bob'], channel: 'page', level: 0, ok: true },
    ]);
  });

  it('records a failed page, saying why, when nobody is on call', () => {
    const subject = engine({ routing: { on_call: onCall } });
    expect(only(subject.ingest(alert({ service: 'payments' }), 0), 'notification.sent')).toMatchObject([
      { to: [], ok: false, detail: 'nobody is on call for payments (add it to routing.on_call)' },
    ]);
  });

  it('only records low urgency by default, and nothing at all without routing', () => {
    expect(types(engine({ routing: {} }).ingest(alert({ severity: 'warning' }), 0))).toEqual(['alert.triggered', 'incident.opened']);
    expect(types(engine().ingest(alert(), 0))).toEqual(['alert.triggered', 'incident.opened']);
  });

  it('leaves `notify` to the webhook notifier, and says so when there is no webhook', () => {
    const withHook = engine({ routing: { notify: { high: 'notify' }, webhook: { url: 'http://127.0.0.1:9/hook' } } });
    expect(types(withHook.ingest(alert(), 0))).toEqual(['alert.triggered', 'incident.opened']);
    const without = engine({ routing: { notify: { high: 'notify' } } });
    expect(only(without.ingest(alert(), 0), 'notification.sent')).toEqual([
      {
        source: 'runner',
        type: 'notification.sent',
        incident: 'inc-1',
        to: [],
        channel: 'notify',
        level: 0,
        ok: false,
        detail: 'routing.notify.high is notify, but routing.webhook is not set: nowhere to post',
      },
    ]);
  });
});

describe('escalation', () => {
  it('walks the levels when nobody acknowledges, each after its own timeout, and stops at the last', () => {
    const subject = engine({ routing: threeLevels });
    subject.ingest(alert(), 1_000);
    expect(subject.nextDueAt()).toBe(1_000 + 5 * 60_000);
    expect(subject.tick(1_000 + 5 * 60_000 - 1)).toEqual([]);
    expect(subject.tick(1_000 + 5 * 60_000)).toEqual([
      { source: 'runner', type: 'escalation', incident: 'inc-1', level: 1, to: ['lead'], reason: 'not acknowledged within 5m at level 0' },
      { source: 'runner', type: 'notification.sent', incident: 'inc-1', to: ['lead'], channel: 'page', level: 1, ok: true },
    ]);
    // Level 1 has its full 10 minutes from when it was paged.
    const later = tickThrough(subject, 301_250, 40 * 60_000, 1_000);
    expect(later.map(({ at, event }) => [at, event.type])).toEqual([
      [901_250, 'escalation'],
      [901_250, 'notification.sent'],
    ]);
    expect(later[0]?.event).toMatchObject({ level: 2, to: ['director'], reason: 'not acknowledged within 10m at level 1' });
    expect(subject.nextDueAt()).toBeUndefined();
    expect(subject.summary().incidents[0]?.level).toBe(2);
  });

  it('stops when someone acknowledges before the timeout', () => {
    const subject = engine({ routing: threeLevels });
    subject.ingest(alert(), 0);
    subject.acknowledge('inc-1', 'alice', 4 * 60_000);
    expect(tickThrough(subject, 0, 30 * 60_000, 5_000)).toEqual([]);
    expect(subject.nextDueAt()).toBeUndefined();
  });

  it('stops when the sender acknowledges the alert, or it resolves', () => {
    const acked = engine({ routing: threeLevels });
    acked.ingest(alert(), 0);
    acked.ingest(alert({ action: 'acknowledge' }), 60_000);
    expect(tickThrough(acked, 0, 30 * 60_000, 5_000)).toEqual([]);
    const resolved = engine({ routing: threeLevels });
    resolved.ingest(alert(), 0);
    resolved.ingest(alert({ action: 'resolve' }), 60_000);
    expect(tickThrough(resolved, 0, 30 * 60_000, 5_000)).toEqual([]);
  });

  it('never escalates low urgency, even when low urgency pages', () => {
    const subject = engine({ routing: { ...threeLevels, notify: { low: 'page' } } });
    const opened = subject.ingest(alert({ severity: 'warning' }), 0);
    expect(only(opened, 'notification.sent')).toMatchObject([{ channel: 'page', level: 0, to: ['alice', 'bob'] }]);
    expect(tickThrough(subject, 0, 60 * 60_000, 10_000)).toEqual([]);
  });

  it('does not escalate high urgency that only notifies or records', () => {
    for (const high of ['notify', 'record']) {
      const subject = engine({ routing: { ...threeLevels, notify: { high } } });
      subject.ingest(alert(), 0);
      expect(tickThrough(subject, 0, 60 * 60_000, 10_000)).toEqual([]);
    }
  });
});

describe('the automated responder', () => {
  const responder = {
    name: 'robot',
    ack_after: '30s',
    note: 'acknowledged by the drill robot',
    remediation: { command: './restart.sh', after: '10s', timeout: '20s', cwd: 'scripts' },
    resolve_after: '1m',
  };

  it('acknowledges after ack_after (before the escalation timeout), asks for its remediation, then resolves', () => {
    const subject = engine({ routing: { ...threeLevels, escalation: [{ notify: 'on_call', timeout: '1m' }, { notify: ['lead'] }], responder } });
    subject.ingest(alert(), 5_000);
    const acted = tickThrough(subject, 5_000, 34_750);
    expect(acted).toEqual([]);
    const ack = subject.tick(35_000);
    expect(ack).toEqual([
      { source: 'responder', type: 'incident.acknowledged', incident: 'inc-1', by: 'robot', after_ms: 30_000 },
      { source: 'responder', type: 'responder.note', incident: 'inc-1', by: 'robot', text: 'acknowledged by the drill robot' },
    ]);
    expect(subject.takeRemediations(44_999)).toEqual([]);
    expect(subject.takeRemediations(45_000)).toEqual([{ incident: 'inc-1', command: './restart.sh', cwd: 'scripts', timeoutMs: 20_000, dueAt: 45_000 }]);
    expect(subject.takeRemediations(50_000)).toEqual([]);
    expect(subject.tick(94_999)).toEqual([]);
    expect(subject.tick(95_000)).toEqual([
      { source: 'responder', type: 'alert.resolved', alert: null, origin: 'pagerduty', dedup_key: 'checkout-latency', detail: 'resolved with incident inc-1 by robot' },
      { source: 'responder', type: 'incident.resolved', incident: 'inc-1', by: 'robot', after_ms: 90_000 },
    ]);
    expect(subject.nextDueAt()).toBeUndefined();
  });

  it('acts in the order things were due when a tick comes late: its acknowledgement stops the escalation', () => {
    const subject = engine({ routing: { ...threeLevels, escalation: [{ notify: 'on_call', timeout: '1m' }, { notify: ['lead'] }], responder: { ack_after: '30s' } } });
    subject.ingest(alert(), 0);
    expect(types(subject.tick(10 * 60_000))).toEqual(['incident.acknowledged']);
    expect(subject.summary().incidents[0]).toMatchObject({ acknowledged_by: 'gameday-responder', level: 0 });
  });

  it('escalates first when the escalation timeout is the earlier one', () => {
    const subject = engine({ routing: { ...threeLevels, responder: { ack_after: '6m' } } });
    subject.ingest(alert(), 0);
    expect(types(subject.tick(10 * 60_000))).toEqual(['escalation', 'notification.sent', 'incident.acknowledged']);
  });

  it('leaves alone an incident someone else acknowledged', () => {
    const subject = engine({ routing: { responder } });
    subject.ingest(alert(), 0);
    subject.acknowledge('inc-1', 'alice', 10_000);
    expect(tickThrough(subject, 0, 5 * 60_000, 1_000)).toEqual([]);
    expect(subject.takeRemediations(5 * 60_000)).toEqual([]);
  });

  it('acknowledges low-urgency incidents too, and never resolves without resolve_after', () => {
    const subject = engine({ routing: { responder: { ack_after: '5s' } } });
    subject.ingest(alert({ severity: 'info' }), 0);
    expect(types(tickThrough(subject, 0, 60 * 60_000, 1_000).map(({ event }) => event))).toEqual(['incident.acknowledged']);
    expect(subject.nextDueAt()).toBeUndefined();
  });
});
