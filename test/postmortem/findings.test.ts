import { describe, expect, it } from 'vitest';
import { actionItemId, actionItemsOf, computeFacts, EarlierIndex, findingsOf, findRelated } from '../../runner/postmortem/index.ts';
import { drill, ended, ev, fault, fired, journal, source, started } from './events.ts';
import { generateFixture } from './fixture.ts';

// Findings are what a team should act on; each has a stable key (action item ids derive from it) and a
// fingerprint naming the failure mode across postmortems.

const incident = (urgency: 'high' | 'low', ackAfter: number | null, escalations = 0, resolvedAfter: number | null = null) => [
  fired(6_400, 'checkout-errors', { incident: 'inc-1' }),
  ev(6_400, 'incident.opened', { incident: 'inc-1', title: 'errors', service: 'checkout', severity: 'critical', urgency, alerts: ['k'] }),
  ...Array.from({ length: escalations }, (_, i) => ev(16_400 + i, 'escalation', { incident: 'inc-1', level: i + 1, to: ['carol'], reason: 'no ack' })),
  ...(ackAfter === null ? [] : [ev(6_400 + ackAfter, 'incident.acknowledged', { incident: 'inc-1', by: 'alice', after_ms: ackAfter })]),
  ...(resolvedAfter === null ? [] : [ev(6_400 + resolvedAfter, 'incident.resolved', { incident: 'inc-1', by: 'gameday-rules', after_ms: resolvedAfter })]),
];
const keysOf = (events: ReturnType<typeof journal>) => findingsOf(computeFacts(source(events))).map((f) => f.key);

describe('findings', () => {
  it('of the paged-incident run: one of each kind the journal shows, in a fixed order', () => {
    const { findings } = generateFixture('paged-incident');
    expect(findings.map((f) => [f.key, f.fingerprint, f.service])).toEqual([
      ['missed-alert:payments-down-alert', 'checkout-to-payments:down:payments-down-alert-missed-alert', 'checkout'],
      ['slow-detection:checkout-errors', 'checkout-to-payments:down:checkout-errors-slow-detection', 'checkout'],
      ['noisy-alert:evil|key`', 'checkout-to-payments:down:evil-key-noisy-alert', 'checkout'],
      ['noisy-alert:checkout-latency', 'checkout-to-payments:down:checkout-latency-noisy-alert', 'checkout'],
      ['no-acknowledgement:inc-1', 'checkout-to-payments:down:inc-1-no-acknowledgement', 'checkout'],
      ['not-recovered:checkout', 'checkout-to-payments:down:checkout-not-recovered', 'checkout'],
    ]);
  });

  it('name a failed expectation by the expectation, as its fingerprint', () => {
    const { findings } = generateFixture('slow-payments');
    expect(findings).toEqual([
      {
        key: 'failed-expectation:checkout-stays-fast',
        kind: 'failed-expectation',
        title: 'Expectation checkout-stays-fast did not hold',
        detail: 'p99 1.26s during the faults (expected below 800ms)',
        service: 'storefront',
        fault: 'payments-slow',
        fingerprint: 'checkout-to-payments:latency:checkout-stays-fast',
        related: [],
      },
    ]);
  });

  it('find no acknowledgement only for paging incidents not acknowledged within the escalation time', () => {
    const run = (...events: ReturnType<typeof incident>) => keysOf(journal(started(), ...fault(4_000, 9_000), ...events, ended(30_000)));
    expect(run(...incident('high', 5_000))).not.toContain('no-acknowledgement:inc-1');
    expect(run(...incident('high', 12_000))).toContain('no-acknowledgement:inc-1');
    expect(run(...incident('high', null))).toContain('no-acknowledgement:inc-1');
    expect(run(...incident('high', 5_000, 1))).toContain('no-acknowledgement:inc-1');
    expect(run(...incident('low', null))).not.toContain('no-acknowledgement:inc-1');
    // Resolved (its alert cleared) before anyone had to answer it.
    expect(run(...incident('high', null, 0, 4_000))).not.toContain('no-acknowledgement:inc-1');
  });

  it('without routing (no escalation time), find it only when the incident escalated', () => {
    const noRouting = { ...drill(), routing: undefined };
    const keys = (...events: ReturnType<typeof incident>) =>
      findingsOf(computeFacts(source(journal(started(), ...fault(4_000, 9_000), ...events, ended(30_000)), noRouting))).map((f) => f.title);
    expect(keys(...incident('high', null))).not.toContain('Incident inc-1 escalated before anyone acknowledged it');
    expect(keys(...incident('high', null, 1))).toContain('Incident inc-1 escalated before anyone acknowledged it');
  });

  it('find an alert late when it fired after `within`, and missed when it never fired after its fault', () => {
    const early = keysOf(journal(started(), fired(1_000, 'checkout-errors'), ...fault(4_000, 9_000), ended(20_000)));
    expect(early).toContain('missed-alert:checkout-errors');
    const inTime = keysOf(journal(started(), ...fault(4_000, 9_000), fired(5_900, 'checkout-errors'), ended(20_000)));
    expect(inTime.filter((k) => k.endsWith(':checkout-errors'))).toEqual([]);
  });

  it('do not repeat a failed recovery or alert expectation as a failed expectation', () => {
    const keys = keysOf(journal(started(), ...fault(4_000, 9_000), ev(14_000, 'recovery.checked', { service: 'checkout', recovered: false, after_ms: null, detail: 'no' }), ended(20_000)));
    expect(keys.filter((k) => k.startsWith('failed-expectation:'))).toEqual([]);
  });
});

describe('recurring failure modes', () => {
  it('findRelated links each shared fingerprint to earlier postmortems, newest first, once each', () => {
    const earlier = [
      { id: 'PM-a', date: '2025-01-01', fingerprints: ['x', 'y'] },
      { id: 'PM-c', date: '2025-02-01', fingerprints: ['x'] },
      { id: 'PM-b', date: '2025-02-01', fingerprints: ['x'] },
      { id: 'PM-hand', fingerprints: ['x'] },
      { id: 'PM-c', date: '2025-02-01', fingerprints: ['x'] },
    ];
    expect(findRelated(['x', 'y', 'z', 'x'], earlier)).toEqual([
      { fingerprint: 'x', ids: ['PM-c', 'PM-b', 'PM-a', 'PM-hand'], count: 4 },
      { fingerprint: 'y', ids: ['PM-a'], count: 1 },
    ]);
    // With a limit, the most recent ones, and the count of all.
    expect(findRelated(['x'], [...earlier].reverse(), 2)).toEqual([{ fingerprint: 'x', ids: ['PM-c', 'PM-b'], count: 4 }]);
  });

  it('count only postmortems from before the run, never its own, and share one action item', () => {
    const self = 'PM-20250302-140000-checkout-drill-b7c1';
    const modes = ['checkout-to-payments:down:checkout-not-recovered', 'checkout-to-payments:down:inc-1-no-acknowledgement'];
    const earlier = [
      { id: 'PM-later', date: '2025-03-09', fingerprints: modes },
      { id: self, date: '2025-03-02', fingerprints: modes },
      { id: 'PM-20250302-090000-x-0001', date: '2025-03-02', fingerprints: modes },
      ...['01', '02', '03', '04'].map((day) => ({ id: `PM-feb-${day}`, date: `2025-02-${day}`, fingerprints: [modes[0]!] })),
    ];
    const { findings, actions, frontMatter } = generateFixture('paged-incident', earlier);
    const recurring = findings.filter((f) => f.kind === 'recurring');
    expect(recurring.map((f) => [f.fingerprint, f.related, f.detail])).toEqual([
      [modes[1], ['PM-20250302-090000-x-0001'], 'The same failure mode is in PM-20250302-090000-x-0001.'],
      [modes[0], ['PM-20250302-090000-x-0001', 'PM-feb-04', 'PM-feb-03'], 'The same failure mode is in PM-20250302-090000-x-0001, PM-feb-04, PM-feb-03 and 2 earlier postmortem(s).'],
    ]);
    expect(frontMatter.related).toEqual(['PM-20250302-090000-x-0001', 'PM-feb-04', 'PM-feb-03']);
    expect(actions.filter((a) => a.finding === 'recurring')).toEqual([
      {
        id: actionItemId(self, 'recurring'),
        text: `Find out why these failure modes keep coming back, and fix them for good: ${modes[1]}, ${modes[0]}`,
        owner: 'team-checkout',
        due: '2025-03-16',
        done: false,
        finding: 'recurring',
      },
    ]);
  });
});

describe('an EarlierIndex (for batches)', () => {
  const modes = ['checkout-to-payments:down:checkout-not-recovered', 'checkout-to-payments:down:inc-1-no-acknowledgement'];
  const self = 'PM-20250302-140000-checkout-drill-b7c1';
  const earlier = [
    { id: 'PM-later', date: '2025-03-09', fingerprints: modes },
    { id: 'PM-20250302-150000-y-0002', date: '2025-03-02', fingerprints: modes },
    { id: 'PM-20250302-090000-x-0001', date: '2025-03-02', fingerprints: modes },
    { id: 'PM-hand', fingerprints: [modes[1]!] },
    ...['04', '01', '03', '02'].map((day) => ({ id: `PM-feb-${day}`, date: `2025-02-${day}`, fingerprints: [modes[0]!] })),
  ];
  const recurring = (from: Parameters<typeof generateFixture>[1]) =>
    generateFixture('paged-incident', from).findings.filter((f) => f.kind === 'recurring').map((f) => [f.fingerprint, f.related, f.detail]);

  it('finds the same recurrences as the list, in any order of adding', () => {
    const fromList = recurring(earlier);
    expect(fromList.length).toBe(2);
    expect(recurring(new EarlierIndex(earlier))).toEqual(fromList);
    expect(recurring(new EarlierIndex([...earlier].reverse()))).toEqual(fromList);
  });

  it('never counts the run itself, even when a person changed its date; adding an id again replaces it', () => {
    const index = new EarlierIndex(earlier);
    index.add({ id: self, date: '2025-01-01', fingerprints: modes });
    index.add({ id: 'PM-feb-04', date: '2025-02-04', fingerprints: [] });
    expect(recurring(index)).toEqual([
      [modes[1], ['PM-20250302-090000-x-0001', 'PM-hand'], 'The same failure mode is in PM-20250302-090000-x-0001, PM-hand.'],
      [modes[0], ['PM-20250302-090000-x-0001', 'PM-feb-03', 'PM-feb-02'], 'The same failure mode is in PM-20250302-090000-x-0001, PM-feb-03, PM-feb-02 and 1 earlier postmortem(s).'],
    ]);
  });
});

describe('action items', () => {
  it('have ids AI- + 6 hex from the postmortem id and the finding key: the same on every regeneration', () => {
    const first = generateFixture('paged-incident').actions;
    expect(generateFixture('paged-incident').actions).toEqual(first);
    expect(first.every((a) => /^AI-[0-9a-f]{6}$/.test(a.id))).toBe(true);
    expect(new Set(first.map((a) => a.id)).size).toBe(first.length);
    expect(actionItemId('PM-1', 'missed-alert:a')).toBe(actionItemId('PM-1', 'missed-alert:a'));
    expect(actionItemId('PM-1', 'missed-alert:a')).not.toBe(actionItemId('PM-2', 'missed-alert:a'));
  });

  it('go to the team owning the service, due 14 days after the run; no owner when the experiment names none', () => {
    const facts = computeFacts(source(journal(started(), ...fault(4_000, 9_000), ended(20_000))));
    const finding = { key: 'not-recovered:ghost', kind: 'not-recovered' as const, title: 't', detail: 'd', service: 'ghost', fault: null, fingerprint: 'f', related: [] };
    expect(actionItemsOf([{ ...finding, key: 'not-recovered:payments', service: 'payments' }, finding], facts, 'PM-x')).toMatchObject([
      { owner: 'team-payments', due: '2025-03-16', text: 'Make payments recover by itself after the fault ends' },
      { owner: null },
    ]);
  });
});
