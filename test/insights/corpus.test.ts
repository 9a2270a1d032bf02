import { beforeAll, describe, expect, it } from 'vitest';
import { insightsOf, type Insights, type PeriodTrend, type TickIndex } from '../../runner/insights/index.ts';
import type { ReadPostmortem } from '../../runner/postmortem/index.ts';
import { A, B, C, D, E, FAILOVER, MISSED, NOISY, OUTAGE, readFixtures, STAYS_FAST } from './fixture.ts';

// Insights over the fixture corpus (see fixture.ts for the table of what each file holds), with known answers.

let postmortems: ReadPostmortem[];
let insights: Insights;
beforeAll(async () => {
  postmortems = (await readFixtures()).postmortems;
  insights = insightsOf(postmortems, { now: '2025-04-10' });
});

/** The figures of a bucket without its points, which are checked separately. */
const figures = (p: PeriodTrend | undefined) => ({
  period: p?.period,
  runs: p?.runs,
  detect: [p?.timeToDetect.n, p?.timeToDetect.median, p?.timeToDetect.p90],
  acknowledge: [p?.timeToAcknowledge.n, p?.timeToAcknowledge.median, p?.timeToAcknowledge.p90],
  recover: [p?.timeToRecover.n, p?.timeToRecover.median, p?.timeToRecover.p90],
  detection: p?.detection,
  noise: [p?.noise.noise, p?.noise.unique, p?.noise.received],
});

describe('insights over the fixture corpus', () => {
  it('reads every file, the broken one with a warning and no fields', async () => {
    expect(insights.postmortems).toEqual({ total: 8, dated: 7, handWritten: 3 });
    expect(insights.now).toBe('2025-04-10');
    const warned = postmortems.filter((pm) => pm.warnings.some((w) => /not valid YAML/.test(w.message)));
    expect(warned.map((pm) => pm.path.split('/').at(-1))).toEqual(['broken.md']);
  });

  it('gives time to detect, acknowledge and recover as median, p90 and n over all time', () => {
    const [all] = insights.trends.overall.all;
    expect(figures(all)).toEqual({
      period: 'all',
      runs: 8,
      // 1000, 2000, 4000, 6000 (D never detected)
      detect: [4, 3000, 5400],
      // 5000, 30000, 60000 (B and D never acknowledged)
      acknowledge: [3, 30000, 54000],
      // 500, 1000, 3000, 8000 (E did not recover)
      recover: [4, 2000, 6500],
      detection: { injected: 5, caught: 4, rate: 0.8 },
      noise: [5, 9, 11],
    });
    expect(all?.timeToDetect.points).toEqual([
      { id: A, value: 2000 },
      { id: B, value: 4000 },
      { id: C, value: 1000 },
      { id: E, value: 6000 },
    ]);
    expect(all?.expectedAlerts).toEqual({ fired: 4, missed: 1, rate: 0.8 });
    expect(all?.noise.share).toBeCloseTo(5 / 9, 10);
    expect([all?.noise.perRun.n, all?.noise.perRun.median, all?.noise.perRun.p90]).toEqual([5, 1, 2.2]);
    expect(all?.verdicts).toEqual({ deviated: 3, held: 1, aborted_operator: 1, unknown: 3 });
  });

  it('buckets by month and by ISO week, leaving undated postmortems out', () => {
    expect(insights.trends.month.all.map(figures)).toEqual([
      {
        period: '2025-03',
        runs: 6,
        detect: [3, 2000, 3600],
        acknowledge: [2, 17500, 27500],
        recover: [4, 2000, 6500],
        detection: { injected: 4, caught: 3, rate: 0.75 },
        noise: [4, 7, 9],
      },
      {
        period: '2025-04',
        runs: 1,
        detect: [1, 6000, 6000],
        acknowledge: [1, 60000, 60000],
        recover: [0, null, null],
        detection: { injected: 1, caught: 1, rate: 1 },
        noise: [1, 2, 2],
      },
    ]);
    const weeks = insights.trends.week.all;
    expect(weeks.map((w) => [w.period, w.start, w.runs])).toEqual([
      ['2025-W10', '2025-03-03', 2],
      ['2025-W11', '2025-03-10', 2],
      ['2025-W12', '2025-03-17', 1],
      ['2025-W13', '2025-03-24', 1],
      ['2025-W14', '2025-03-31', 1],
    ]);
    expect(figures(weeks[0]).detect).toEqual([2, 3000, 3800]);
    expect(weeks[2]?.detection).toEqual({ injected: 1, caught: 0, rate: 0 });
    expect(weeks[3]?.detection).toEqual({ injected: 0, caught: 0, rate: null });
  });

  it('splits by service, fault kind and experiment', () => {
    const runs = (splits: Insights['trends']['overall']['service']) => splits.map((s) => [s.key, s.periods[0]?.runs]);
    expect(runs(insights.trends.overall.service)).toEqual([['checkout', 5], ['inventory', 2], ['payments', 5]]);
    expect(runs(insights.trends.overall.faultKind)).toEqual([['latency', 3], ['reset_peer', 2]]);
    expect(runs(insights.trends.overall.experiment)).toEqual([['checkout-drill', 2], ['slow-payments', 3]]);
    const drill = insights.trends.month.experiment.find((s) => s.key === 'checkout-drill');
    expect(drill?.periods.map((p) => [p.period, p.detection.caught, p.detection.injected, p.noise.noise])).toEqual([
      ['2025-03', 0, 1, 3],
      ['2025-04', 1, 1, 1],
    ]);
    const latency = insights.trends.week.faultKind.find((s) => s.key === 'latency');
    expect(latency?.periods.map((p) => [p.period, p.timeToRecover.median])).toEqual([['2025-W10', 2000], ['2025-W11', 500]]);
  });

  it('groups postmortems by failure mode, with first and last seen and only the open items of that mode', () => {
    const modes = insights.recurring.failureModes.map((c) => ({
      fingerprint: c.fingerprint,
      count: c.count,
      seen: [c.firstSeen, c.lastSeen],
      postmortems: c.postmortems,
      open: c.openActionItems.map((item) => `${item.postmortem} ${item.id}`),
    }));
    expect(modes).toEqual([
      { fingerprint: MISSED, count: 2, seen: ['2025-03-20', '2025-04-02'], postmortems: [D, E], open: [`${D} AI-d00001`] },
      // A's AI-a00002 belongs to the noisy-alert mode, and AI-a00001 is ticked in A's body.
      { fingerprint: STAYS_FAST, count: 2, seen: ['2025-03-03', '2025-03-05'], postmortems: [A, B], open: [`${B} AI-b00001`] },
      { fingerprint: NOISY, count: 1, seen: ['2025-03-03', '2025-03-03'], postmortems: [A], open: [`${A} AI-a00002`] },
    ]);
    expect(insights.recurring.failureModes[0]).toMatchObject({ experiments: ['checkout-drill'], services: ['checkout', 'inventory'] });
  });

  it('groups hand-written postmortems by each service and each tag', () => {
    expect(insights.recurring.handWritten.map((c) => [c.by, c.key, c.count, c.postmortems, c.openActionItems.map((i) => i.text)])).toEqual([
      ['service', 'payments', 2, [OUTAGE, FAILOVER], ['Alert on connection pool saturation', 'Rehearse the failover in a game day']],
      ['tag', 'database', 2, [OUTAGE, FAILOVER], ['Alert on connection pool saturation', 'Rehearse the failover in a game day']],
      ['tag', 'capacity', 1, [FAILOVER], ['Rehearse the failover in a game day']],
    ]);
  });

  it('finds the regression: a failure mode back after all its items were done', () => {
    expect(insights.regressions).toEqual([
      { fingerprint: STAYS_FAST, fixed: { postmortem: A, date: '2025-03-03', items: ['AI-a00001'] }, cameBack: { postmortem: B, date: '2025-03-05' } },
    ]);
  });

  it('lists every action item with its age, due state and the later run that verified it', () => {
    const { items, ...counts } = insights.actionItems;
    expect(counts).toEqual({ total: 8, open: 5, done: 3, overdue: 3, verified: 3 });
    expect(items.map((i) => [i.postmortem, i.id, i.done, i.ageDays, i.overdue, i.verifiedBy?.postmortem ?? null])).toEqual([
      [A, 'AI-a00001', true, 38, false, C],
      [A, 'AI-a00002', false, 38, true, B],
      [B, 'AI-b00001', false, 36, true, C],
      [OUTAGE, null, false, 31, false, null],
      [OUTAGE, null, true, 31, false, null],
      // E was stopped by the operator, so it cannot say whether the alert now fires.
      [D, 'AI-d00001', false, 21, true, null],
      [FAILOVER, null, false, 16, false, null],
      [E, 'AI-e00001', true, 8, false, null],
    ]);
    expect(items[0]).toMatchObject({
      text: 'Make checkout-stays-fast hold during payments-slow, or revise the expectation',
      owner: 'team-checkout',
      due: '2025-03-17',
      finding: 'failed-expectation:checkout-stays-fast',
      experiment: 'slow-payments',
      ticked: null,
      verifiedBy: { postmortem: C, date: '2025-03-12' },
    });
  });

  it('takes ticks from git: a fix ticked after the failure mode came back is no regression', () => {
    const pathOfA = postmortems.find((pm) => pm.frontMatter.id === A)!.path;
    const ticked = (at: string): TickIndex => new Map([[pathOfA, new Map([['AI-a00001', { at, commit: 'c0ffee' }]])]]);
    const before = insightsOf(postmortems, { now: '2025-04-10', ticks: ticked('2025-03-04T09:00:00+01:00') });
    expect(before.regressions).toHaveLength(1);
    expect(before.actionItems.items[0]?.ticked).toEqual({ at: '2025-03-04T09:00:00+01:00', commit: 'c0ffee' });
    expect(insightsOf(postmortems, { now: '2025-04-10', ticks: ticked('2025-03-07T09:00:00+01:00') }).regressions).toEqual([]);
  });

  it('reads the ticks from the body, not the stale front matter, and needs no file', () => {
    const frontMattersOnly = postmortems.map((pm) => ({ frontMatter: pm.frontMatter }));
    const result = insightsOf(frontMattersOnly, { now: '2025-04-10' });
    // In the front matters AI-a00001 and AI-e00001 are still open: no regression; people's items are gone.
    expect(result.regressions).toEqual([]);
    expect([result.actionItems.total, result.actionItems.open]).toEqual([5, 5]);
    expect(result.trends.overall.all[0]?.timeToDetect.median).toBe(3000);
  });

  it('gives the same answer whatever order the files come in', () => {
    const shuffled = [...postmortems].reverse();
    [shuffled[1], shuffled[4]] = [shuffled[4]!, shuffled[1]!];
    expect(insightsOf(shuffled, { now: '2025-04-10' })).toEqual(insights);
  });

  it('reckons ages from now, given as a date-time, and refuses a now that is no date', () => {
    expect(insightsOf(postmortems, { now: '2025-04-11T23:30:00-02:00' }).actionItems.items[0]?.ageDays).toBe(40);
    expect(() => insightsOf(postmortems, { now: 'yesterday' })).toThrow(/"yesterday" is not a date/);
  });
});
