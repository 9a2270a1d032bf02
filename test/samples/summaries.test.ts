import { afterEach, describe, expect, it } from 'vitest';
import { journalEventSchema } from '../../runner/journal/index.ts';
import { SampleStore, startSummaries, type Sample, type SummaryEvent } from '../../runner/samples/index.ts';

const sample = (fields: Partial<Sample> & Pick<Sample, 't'>): Sample => ({
  source: 'traffic',
  name: 'GET /',
  ok: true,
  status: 200,
  latency: 10,
  ...fields,
});

/** A summary as the journal would stamp it must pass the journal's schema. */
const stamp = (event: SummaryEvent, seq: number) =>
  journalEventSchema.parse({ ...event, seq, t: 1000 * seq, at: new Date(0).toISOString() });

describe('SampleStore.takeSummaries', () => {
  it('summarises the traffic and each probe checked in the period, in the journal shape', () => {
    const store = new SampleStore();
    store.record(sample({ t: 100 }));
    store.record(sample({ t: 200, ok: false, error: 'status 503', status: 503 }));
    store.record(sample({ t: 300, ok: false, error: 'timeout', latency: 5000 }));
    store.record(sample({ t: 400, source: 'probe', name: 'health', ok: false, error: 'refused' }));
    store.record(sample({ t: 900, source: 'probe', name: 'health' }));
    const events = store.takeSummaries(1000);
    expect(events).toHaveLength(2);
    const [trafficEvent, probeEvent] = events.map((e, i) => stamp(e, i + 1));
    expect(trafficEvent).toMatchObject({
      type: 'traffic.summary',
      source: 'traffic',
      window_ms: 1000,
      requests: 3,
      failures: 2,
      errors: { 'status 503': 1, timeout: 1 },
    });
    expect(trafficEvent?.type === 'traffic.summary' && trafficEvent.error_rate).toBeCloseTo(2 / 3);
    expect(trafficEvent?.type === 'traffic.summary' && trafficEvent.latency_ms?.max).toBeGreaterThan(4900);
    expect(probeEvent).toMatchObject({
      type: 'probe.summary',
      source: 'probe',
      probe: 'health',
      checks: 2,
      failures: 1,
      last_error: 'refused',
    });
  });

  it('counts each sample in the period it arrived, so the summaries add up to the totals', () => {
    const store = new SampleStore();
    store.record(sample({ t: 100 }));
    expect(store.takeSummaries(1000)).toMatchObject([{ requests: 1, window_ms: 1000 }]);
    store.record(sample({ t: 200, ok: false, error: 'timeout', latency: 1500 })); // intended in the first second
    expect(store.takeSummaries(2500)).toMatchObject([{ requests: 1, failures: 1, window_ms: 1500 }]);
    expect(store.totals({})).toMatchObject({ count: 2, failures: 1 });
  });

  it('writes nothing for a period with no answers', () => {
    const store = new SampleStore();
    expect(store.takeSummaries(1000)).toEqual([]);
  });
});

describe('startSummaries', () => {
  let stop: (() => void) | undefined;
  afterEach(() => stop?.());

  it('writes summaries on its period and a last one when stopped', async () => {
    const store = new SampleStore();
    const written: SummaryEvent[] = [];
    let now = 0;
    const timer = startSummaries({ store, elapsed: () => now, write: (e) => written.push(e), every: 20 });
    stop = timer.stop;
    store.record(sample({ t: 1 }));
    now = 20;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(written).toMatchObject([{ type: 'traffic.summary', requests: 1 }]);
    store.record(sample({ t: 30 }));
    now = 35;
    timer.stop();
    timer.stop();
    expect(written).toHaveLength(2);
    expect(written[1]).toMatchObject({ requests: 1 });
  });

  it('stops on abort', () => {
    const store = new SampleStore();
    const written: SummaryEvent[] = [];
    const controller = new AbortController();
    stop = startSummaries({ store, elapsed: () => 5, write: (e) => written.push(e), signal: controller.signal }).stop;
    store.record(sample({ t: 1 }));
    controller.abort();
    expect(written).toHaveLength(1);
  });
});
