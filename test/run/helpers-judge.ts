import { loadExperimentText, planExperiment, type Plan } from '../../runner/experiment/index.ts';
import type { EventOf, EventType, JournalEvent } from '../../runner/journal/index.ts';
import { SampleStore } from '../../runner/samples/index.ts';

/**
 * Hand-built inputs for judging expectations: a plan from a real experiment
 * text (so expectations are parsed as users write them), journal events at
 * chosen times, and a sample store filled by a rule.
 */

/**
 * Two faults: `first` planned at 2 s for 4 s, `second` at 4 s for 6 s; two
 * alert rules (`shop-slow`, `shop-errors`); a probe `health` of service
 * `shop`. `expectations` is YAML list items, indented by two spaces.
 */
export function planWith(expectations: string): Plan {
  const text = `name: judge-test
description: Hand-built journal and samples
services:
  - name: shop
    owner: team-test
    importance: low
    proxies:
      - { name: to-db, listen: 127.0.0.1:21001, upstream: 127.0.0.1:5432 }
steady_state:
  probes:
    - { name: health, service: shop, url: http://127.0.0.1:4002/health }
faults:
  - { name: first, at: 2s, for: 4s, proxy: to-db, type: latency, attributes: { latency: 1s } }
  - { name: second, at: 4s, for: 6s, proxy: to-db, type: bandwidth, attributes: { rate: 10 } }
alerts:
  rules:
    - { name: shop-slow, service: shop, severity: error, type: latency, above: 800ms }
    - { name: shop-errors, service: shop, severity: error, type: error_rate, above: 0.1 }
expectations:
${expectations}
`;
  const loaded = loadExperimentText(text, 'judge-test.yaml');
  if (!loaded.ok) throw new Error(`fixture experiment is invalid:\n${loaded.problems.map((p) => p.message).join('\n')}`);
  return planExperiment(loaded.experiment, {});
}

type Fields<T extends EventType> = Omit<EventOf<T>, 'seq' | 't' | 'at' | 'source' | 'type'>;

/** A list of journal events, in the order added, each at a chosen `t` (ms since the run started). */
export class Events {
  readonly list: JournalEvent[] = [];

  add<T extends EventType>(t: number, type: T, fields: Fields<T>, source: JournalEvent['source'] = 'runner'): this {
    const at = new Date(Date.UTC(2026, 0, 1) + t).toISOString();
    this.list.push({ seq: this.list.length + 1, t, at, source, type, ...fields } as unknown as JournalEvent);
    return this;
  }

  injected(t: number, fault: string): this {
    return this.add(t, 'fault.injected', { fault, drift_ms: 0 });
  }

  removed(t: number, fault: string): this {
    return this.add(t, 'fault.removed', { fault, how: 'toxic_removed' });
  }

  alert(t: number, alert: string): this {
    return this.add(t, 'alert.triggered', { alert, origin: 'rule', dedup_key: `judge-test/${alert}`, summary: alert, severity: 'error' }, 'rules');
  }
}

/**
 * A store (1 s buckets, as a run uses) with one sample every `everyMs` from
 * `from` to before `to`; `sample(t)` says whether it failed and its latency.
 */
export function fill(
  store: SampleStore,
  series: { probe?: string },
  range: { from: number; to: number; everyMs: number },
  sample: (t: number) => { ok: boolean; latency: number },
): SampleStore {
  for (let t = range.from; t < range.to; t += range.everyMs) {
    const { ok, latency } = sample(t);
    store.record({
      t,
      source: series.probe === undefined ? 'traffic' : 'probe',
      name: series.probe ?? 'endpoint',
      ok,
      latency,
      ...(ok ? { status: 200 } : { error: 'status 503', status: 503 }),
    });
  }
  return store;
}
