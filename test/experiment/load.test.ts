import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { MissingInputError } from '../../runner/errors.ts';
import { experimentJsonSchema, formatProblem, loadExperimentFile, loadExperimentText } from '../../runner/experiment/index.ts';
import { parse as parseYaml } from 'yaml';

const REFERENCE = new URL('../../experiments/examples/full-reference.yaml', import.meta.url);

const TEXT = `name: shop-latency
description: Payments gets slow
toxiproxy: http://127.0.0.1:8474
services:
  - name: checkout
    owner: team-checkout
    importance: critical
    start: node demo/checkout.js
    health: { url: http://127.0.0.1:4002/health }
    proxies:
      - { name: to-payments, listen: 127.0.0.1:21001, upstream: 127.0.0.1:4003 }
steady_state:
  probes:
    - name: health
      service: checkout
      url: http://127.0.0.1:4002/health
      tolerances: { latency: { p99: 800ms } }
traffic:
  rate: 20
  endpoints:
    - url: http://127.0.0.1:4002/checkout
      method: POST
faults:
  - name: slow
    at: 10s
    for: 1m30s
    proxy: to-payments
    type: latency
    attributes: { latency: 800ms }
  - name: down
    at: 2m
    for: 5000
    proxy: to-payments
    type: down
alerts:
  rules:
    - name: errors
      service: checkout
      severity: error
      type: error_rate
      above: 0.05
expectations:
  - type: alert_fires
    alert: errors
    within: 1m
routing:
  on_call: { checkout: [alice] }
  responder: { ack_after: 30s }
safety:
  stop_conditions:
    - type: probe_failing
      probe: health
`;

describe('loading an experiment', () => {
  it('parses a valid file into the typed experiment: durations in ms, defaults filled in', () => {
    const result = loadExperimentText(TEXT, 'shop.yaml');
    expect(result).toEqual({
      ok: true,
      experiment: {
        name: 'shop-latency',
        description: 'Payments gets slow',
        toxiproxy: 'http://127.0.0.1:8474',
        services: [
          {
            name: 'checkout',
            owner: 'team-checkout',
            importance: 'critical',
            health: { url: 'http://127.0.0.1:4002/health', timeout: 2000 },
            start: { command: 'node demo/checkout.js', ready_timeout: 10_000 },
            proxies: [{ name: 'to-payments', listen: '127.0.0.1:21001', upstream: '127.0.0.1:4003' }],
          },
        ],
        steady_state: {
          window: 10_000,
          recovery_timeout: 60_000,
          probes: [
            {
              name: 'health',
              type: 'http',
              service: 'checkout',
              url: 'http://127.0.0.1:4002/health',
              method: 'GET',
              interval: 1000,
              timeout: 2000,
              expect: {},
              tolerances: { latency: { p99: 800 }, max_error_rate: 0 },
            },
          ],
        },
        traffic: {
          rate: 20,
          duration: 'run',
          endpoints: [{ url: 'http://127.0.0.1:4002/checkout', method: 'POST', weight: 1, timeout: 5000 }],
        },
        faults: [
          {
            name: 'slow',
            at: 10_000,
            for: 90_000,
            proxy: 'to-payments',
            stream: 'downstream',
            toxicity: 1,
            type: 'latency',
            attributes: { latency: 800, jitter: 0 },
          },
          { name: 'down', at: 120_000, for: 5000, proxy: 'to-payments', type: 'down' },
        ],
        alerts: {
          rules: [
            {
              name: 'errors',
              service: 'checkout',
              severity: 'error',
              auto_resolve: true,
              type: 'error_rate',
              above: 0.05,
              window: 30_000,
              for: 0,
            },
          ],
          expected: [],
        },
        expectations: [{ type: 'alert_fires', alert: 'errors', within: 60_000 }],
        routing: {
          on_call: { checkout: ['alice'] },
          escalation: [{ notify: 'on_call' }],
          notify: { high: 'page', low: 'record' },
          responder: { name: 'gameday-responder', ack_after: 30_000 },
        },
        safety: {
          max_duration: 1_800_000,
          stop_conditions: [{ type: 'probe_failing', probe: 'health', for: 0 }],
          rollback: [],
        },
      },
    });
  });

  it('resolves YAML anchors, aliases and merge keys, and still places problems', () => {
    const text = TEXT.replace('    at: 10s\n', '    at: &start 10s\n')
      .replace('    at: 2m\n', '    at: *start\n')
      .replace('    for: 5000\n', '    <<: { for: 5000 }\n');
    const ok = loadExperimentText(text, 'shop.yaml');
    expect(ok.ok && ok.experiment.faults.map((fault) => [fault.at, fault.for])).toEqual([
      [10_000, 90_000],
      [10_000, 5000],
    ]);
    const bad = loadExperimentText(text.replace('&start 10s', '&start ten'), 'shop.yaml');
    expect(bad.ok ? [] : bad.problems.map(formatProblem)).toEqual([
      'shop.yaml:25:16  faults[0].at  "ten" is not a duration (expected a duration such as 250ms, 30s, 5m, 1m30s, or a whole number of milliseconds)',
      // The alias is reported where its value is written.
      'shop.yaml:25:16  faults[1].at  "ten" is not a duration (expected a duration such as 250ms, 30s, 5m, 1m30s, or a whole number of milliseconds)',
    ]);
  });

  it('refuses a file it cannot read with MissingInputError (exit 66), naming the file', async () => {
    const error = await loadExperimentFile('/nonexistent/x.yaml', 'x.yaml').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MissingInputError);
    expect((error as MissingInputError).message).toBe('cannot read experiment file x.yaml: no such file');
    expect((error as MissingInputError).exitCode).toBe(66);
  });
});

describe('experiments/examples/full-reference.yaml', () => {
  it('is valid', async () => {
    const result = await loadExperimentFile(REFERENCE.pathname, 'full-reference.yaml');
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
  });

  it('uses every field of the schema and every fault, rule, condition and expectation type', async () => {
    const data: unknown = parseYaml(await readFile(REFERENCE, 'utf8'));
    const written = new Set<string>();
    collectKeys(data, '', written);
    const missing = [...schemaKeys(experimentJsonSchema(), '')].filter((key) => !written.has(key));
    expect(missing).toEqual([]);
    const types = (list: unknown): string[] => (list as { type: string }[]).map((item) => item.type).sort();
    const reference = data as Record<string, Record<string, unknown>>;
    expect(new Set(types(reference.faults))).toEqual(
      new Set(['latency', 'bandwidth', 'slow_close', 'timeout', 'reset_peer', 'slicer', 'limit_data', 'noop', 'down']),
    );
    expect(new Set(types(reference.alerts?.rules))).toEqual(new Set(['failures_in_window', 'error_rate', 'latency', 'probe_failing']));
    expect(new Set(types(reference.safety?.stop_conditions))).toEqual(
      new Set(['failures_in_window', 'error_rate', 'latency', 'probe_failing']),
    );
    expect(new Set(types(reference.expectations))).toEqual(
      new Set(['alert_fires', 'alert_silent', 'recovers', 'error_rate', 'latency', 'steady_state_restored']),
    );
  });
});

/** Dotted key paths written in the data, lists flattened: `faults.attributes.latency`. */
const collectKeys = (value: unknown, prefix: string, into: Set<string>): void => {
  if (Array.isArray(value)) {
    for (const item of value) collectKeys(item, prefix, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      const path = prefix === '' ? key : `${prefix}.${key}`;
      into.add(path);
      collectKeys(inner, path, into);
    }
  }
};

/** Dotted key paths the JSON schema declares, except properties that are never allowed (`not: {}`). */
const schemaKeys = (schema: unknown, prefix: string, into = new Set<string>()): Set<string> => {
  if (typeof schema !== 'object' || schema === null) return into;
  const node = schema as Record<string, unknown>;
  for (const [key, inner] of Object.entries((node.properties as Record<string, unknown> | undefined) ?? {})) {
    if ((inner as { not?: unknown }).not !== undefined) continue;
    const path = prefix === '' ? key : `${prefix}.${key}`;
    into.add(path);
    schemaKeys(inner, path, into);
  }
  for (const list of [node.anyOf, node.oneOf, node.allOf]) {
    if (Array.isArray(list)) for (const option of list) schemaKeys(option, prefix, into);
  }
  if (node.items !== undefined) schemaKeys(node.items, prefix, into);
  return into;
};
