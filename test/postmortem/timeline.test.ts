import { describe, expect, it } from 'vitest';
import { computeFacts, postmortemSchema, type PostmortemTimelineEntry } from '../../runner/postmortem/index.ts';
import { timelineOf } from '../../runner/postmortem/timeline.ts';
import { ended, ev, fault, fired, journal, source, started } from './events.ts';
import { generateFixture } from './fixture.ts';

// The front matter's `timeline` (/work/notes/timeline-contract.md): spans for the run, faults and alerts, moments
// for responses and recoveries, in start order, with the journal's own times. Wall clock in events.ts: 14:00:00 + t.

const at = (t: number): string => new Date(Date.parse('2025-03-02T14:00:00.000Z') + t).toISOString();
const timelineOfEvents = (...events: Parameters<typeof journal>): PostmortemTimelineEntry[] => timelineOf(computeFacts(source(journal(...events))));
const resolvedAlert = (t: number, alert: string) => ev(t, 'alert.resolved', { source: 'rules', alert, origin: 'rule', dedup_key: alert });

describe('the timeline of the fixture runs', () => {
  it('slow-payments: the run, the fault, the alert until it resolved, and the moment storefront recovered', () => {
    expect(generateFixture('slow-payments').frontMatter.timeline).toEqual([
      { kind: 'run', label: 'run 20250301-101118-slow-payments-3f2a', start: '2025-03-01T10:11:18.343Z', end: '2025-03-01T10:11:39.601Z' },
      {
        kind: 'fault',
        label: 'payments-slow: latency 1s on checkout-to-payments downstream',
        start: '2025-03-01T10:11:26.348Z',
        end: '2025-03-01T10:11:34.347Z',
        service: 'payments',
        detail: 'latency',
      },
      { kind: 'alert', label: 'checkout-slow', start: '2025-03-01T10:11:28.508Z', end: '2025-03-01T10:11:36.579Z', service: 'storefront', detail: 'error' },
      // The recovery.checked event's time, as in the body's Timeline (written when the service was back).
      { kind: 'recovery', label: 'storefront recovered', start: '2025-03-01T10:11:35.622Z', end: null, service: 'storefront' },
    ]);
  });

  it('paged-incident: the acknowledgement and the note are response moments; alerts never resolved have no end', () => {
    const timeline = generateFixture('paged-incident').frontMatter.timeline;
    expect(timeline.filter((e) => e.kind === 'response')).toEqual([
      { kind: 'response', label: 'acknowledged by carol', start: '2025-03-02T14:00:17.000Z', end: null, service: 'checkout' },
      {
        kind: 'response',
        label: 'note by carol: Restarted payments ## Root cause: Bob ![x](http://evil.example/x.png) - [ ] AI-…',
        start: '2025-03-02T14:00:17.200Z',
        end: null,
        service: 'checkout',
      },
    ]);
    expect(timeline.filter((e) => e.kind === 'alert').map((e) => [e.label, e.end, e.detail])).toEqual([
      ['checkout-errors', null, 'critical'],
      ['evil|key`', null, 'warning'],
      ['checkout-latency', null, 'warning'],
    ]);
    // checkout did not recover: no recovery moment.
    expect(timeline.some((e) => e.kind === 'recovery')).toBe(false);
  });

  it('unfinished: the run and the fault left on have no end', () => {
    const timeline = generateFixture('unfinished').frontMatter.timeline;
    expect(timeline.map((e) => [e.kind, e.end])).toEqual([
      ['run', null],
      ['fault', null],
      ['alert', null],
    ]);
    expect(timeline[0]?.start).toBe('2025-03-03T09:30:00.003Z');
  });

  it('is in start order, and the shared schema accepts it', () => {
    for (const name of ['slow-payments', 'paged-incident', 'unfinished']) {
      const timeline = generateFixture(name).frontMatter.timeline;
      const starts = timeline.map((e) => Date.parse(e.start));
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
      expect(postmortemSchema.shape.timeline.parse(timeline)).toEqual(timeline);
    }
  });
});

describe('timelineOf', () => {
  it('ends an alert at its last resolution, and leaves it open when it fired again and never resolved', () => {
    const alerts = (events: Parameters<typeof journal>) => timelineOfEvents(...events).filter((e) => e.kind === 'alert');
    const once = alerts([started(), ...fault(4_000, 9_000), fired(5_000, 'checkout-errors'), resolvedAlert(8_000, 'checkout-errors'), ended(12_000)]);
    expect(once).toEqual([{ kind: 'alert', label: 'checkout-errors', start: at(5_000), end: at(8_000), service: 'checkout', detail: 'critical' }]);
    const again = alerts([
      started(),
      ...fault(4_000, 9_000),
      fired(5_000, 'checkout-errors'),
      resolvedAlert(6_000, 'checkout-errors'),
      fired(7_000, 'checkout-errors'),
      resolvedAlert(7_500, 'checkout-latency'),
      ended(12_000),
    ]);
    expect(again.map((e) => [e.start, e.end])).toEqual([[at(5_000), null]]);
  });

  it('leaves out a fault that could not be injected, and a service that did not recover', () => {
    const timeline = timelineOfEvents(
      started(),
      ev(3_999, 'fault.injecting', { host: 'default', url: 'http://127.0.0.1:8474', fault: 'broken', proxy: 'checkout-to-payments', toxic: null, kind: 'down', planned_t: 4_000 }),
      ev(4_000, 'fault.injection_failed', { fault: 'broken', error: 'proxy gone' }),
      ...fault(5_000, 9_000),
      ev(10_000, 'recovery.checked', { source: 'probe', service: 'checkout', recovered: false, after_ms: null, detail: 'still failing' }),
      ended(12_000),
    );
    expect(timeline.map((e) => `${e.kind} ${e.label}`)).toEqual([
      'run run 20250302-140000-checkout-drill-b7c1',
      'fault payments-down: proxy checkout-to-payments down (connections refused)',
    ]);
  });

  it('has a response moment for each acknowledgement, note and resolution, by people or automation', () => {
    const timeline = timelineOfEvents(
      started(),
      ...fault(4_000, 9_000),
      fired(5_000, 'checkout-errors', { dedup_key: 'k', incident: 'inc-1' }),
      ev(5_000, 'incident.opened', { incident: 'inc-1', title: 'errors', service: 'checkout', severity: 'critical', urgency: 'high', alerts: ['k'] }),
      ev(6_000, 'alert.acknowledged', { dedup_key: 'k', origin: 'rule', by: 'pagerduty' }),
      ev(7_000, 'incident.acknowledged', { incident: 'inc-1', by: 'alice', after_ms: 2_000 }),
      ev(8_000, 'responder.note', { incident: null, by: 'bob', text: 'looking' }),
      ev(11_000, 'incident.resolved', { incident: 'inc-1', by: 'gameday-rules', after_ms: 6_000 }),
      ended(12_000),
    );
    expect(timeline.filter((e) => e.kind === 'response')).toEqual([
      { kind: 'response', label: 'acknowledged by pagerduty', start: at(6_000), end: null, service: 'checkout' },
      { kind: 'response', label: 'acknowledged by alice', start: at(7_000), end: null, service: 'checkout' },
      { kind: 'response', label: 'note by bob: looking', start: at(8_000), end: null },
      { kind: 'response', label: 'resolved by gameday-rules', start: at(11_000), end: null, service: 'checkout' },
    ]);
  });

  it('orders entries by start, the run first, and kinds in contract order at the same millisecond', () => {
    const timeline = timelineOfEvents(
      started(),
      fired(1_000, null, { dedup_key: 'early' }),
      ...fault(4_000, 9_000),
      fired(4_000, 'checkout-errors'),
      ev(9_000, 'recovery.checked', { source: 'probe', service: 'checkout', recovered: true, after_ms: 0, detail: 'ok' }),
      ev(9_000, 'responder.note', { incident: null, by: 'bob', text: 'back' }),
      ended(12_000),
    );
    expect(timeline.map((e) => e.kind)).toEqual(['run', 'alert', 'fault', 'alert', 'response', 'recovery']);
  });

  it('never has an empty label, and keeps each on one line', () => {
    const timeline = timelineOfEvents(
      started(),
      ...fault(4_000, null, ''),
      fired(5_000, '', { dedup_key: '' }),
      ev(6_000, 'responder.note', { incident: null, by: '\n', text: 'two\nlines\r\n' }),
      ev(7_000, 'recovery.checked', { source: 'probe', service: ' ', recovered: true, after_ms: 10, detail: 'ok' }),
    );
    expect(timeline.map((e) => e.label)).toEqual([
      'run 20250302-140000-checkout-drill-b7c1',
      'down on checkout-to-payments',
      'an alert without a name',
      'note by someone: two lines',
      'a service recovered',
    ]);
  });
});
