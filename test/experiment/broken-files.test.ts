import { describe, expect, it } from 'vitest';
import { formatProblem, loadExperimentText } from '../../runner/experiment/index.ts';
import { broken, VALID } from './fixtures.ts';

// Each broken file, with every line `gameday validate` must print for it, exactly.

const problemsOf = (text: string): string[] => {
  const result = loadExperimentText(text, 'exp.yaml');
  return result.ok ? [] : result.problems.map(formatProblem);
};

const FAULT = 'type: latency\n    attributes: { latency: 800ms }';
const DURATION = 'a duration such as 250ms, 30s, 5m, 1m30s, or a whole number of milliseconds';
const TOP_KEYS =
  'name, description, toxiproxy, services, steady_state, traffic, faults, alerts, expectations, routing, safety';

const cases: { name: string; text: string; problems: string[] }[] = [
  {
    name: 'a misspelt key: did you mean, and the key it replaces is missing',
    text: broken('    owner: team-checkout', '    ownr: team-checkout'),
    problems: [
      'exp.yaml:4:5  services[0].owner  missing (expected a string)',
      'exp.yaml:5:5  services[0].ownr  unknown key "ownr", did you mean "owner"? (expected one of: name, owner, importance, description, url, health, start, proxies)',
    ],
  },
  {
    name: 'a misspelt top-level key',
    text: broken('faults:', 'fault:'),
    problems: [
      'exp.yaml:1:1  faults  missing (expected a list)',
      `exp.yaml:16:1  fault  unknown key "fault", did you mean "faults"? (expected one of: ${TOP_KEYS})`,
    ],
  },
  {
    name: 'a value outside an enum',
    text: broken('importance: critical', 'importance: urgent'),
    problems: ['exp.yaml:6:17  services[0].importance  "urgent" is not allowed (expected one of: critical, high, medium, low)'],
  },
  {
    name: 'an enum value in the wrong case',
    text: broken('importance: critical', 'importance: Critical'),
    problems: [
      'exp.yaml:6:17  services[0].importance  "Critical" is not allowed, did you mean "critical"? (expected one of: critical, high, medium, low)',
    ],
  },
  {
    name: 'a duration in words',
    text: broken('for: 30s', 'for: 30 seconds'),
    problems: [`exp.yaml:19:10  faults[0].for  "30 seconds" is not a duration (expected ${DURATION})`],
  },
  {
    name: 'a fault that lasts no time',
    text: broken('for: 30s', 'for: 0s'),
    problems: ['exp.yaml:19:10  faults[0].for  0s is too short (expected a duration above 0)'],
  },
  {
    name: 'a fault on an undeclared proxy',
    text: broken('proxy: to-payments', 'proxy: to-paymnts'),
    problems: [
      'exp.yaml:20:12  faults[0].proxy  unknown proxy "to-paymnts", did you mean "to-payments"? (expected one of: to-payments)',
    ],
  },
  {
    name: 'an unknown toxic type',
    text: broken('type: latency', 'type: latence'),
    problems: [
      'exp.yaml:21:11  faults[0].type  unknown type "latence", did you mean "latency"? (expected one of: latency, bandwidth, slow_close, timeout, reset_peer, slicer, limit_data, noop, down)',
    ],
  },
  {
    name: 'latency without its latency attribute',
    text: broken('attributes: { latency: 800ms }', 'attributes: { jitter: 5ms }'),
    problems: [`exp.yaml:22:17  faults[0].attributes.latency  missing (expected ${DURATION})`],
  },
  {
    name: 'a toxic without attributes',
    text: broken('    attributes: { latency: 800ms }\n', ''),
    problems: ['exp.yaml:17:5  faults[0].attributes  missing (expected a mapping with keys: latency, jitter)'],
  },
  {
    name: 'a misspelt attribute of the toxic type',
    text: broken('{ latency: 800ms }', '{ latency: 800ms, jiter: 5ms }'),
    problems: [
      'exp.yaml:22:35  faults[0].attributes.jiter  unknown key "jiter", did you mean "jitter"? (expected one of: latency, jitter)',
    ],
  },
  {
    name: 'a slicer whose variation is not below its average size (it crashes the real Toxiproxy)',
    text: broken(FAULT, 'type: slicer\n    attributes: { average_size: 10, size_variation: 10 }'),
    problems: [
      'exp.yaml:22:53  faults[0].attributes.size_variation  10 is not below average_size 10 (expected size_variation < average_size)',
    ],
  },
  {
    name: 'a negative bandwidth',
    text: broken(FAULT, 'type: bandwidth\n    attributes: { rate: -5 }'),
    problems: ['exp.yaml:22:25  faults[0].attributes.rate  -5 is too small (expected a number ≥ 0)'],
  },
  {
    name: 'a toxicity above 1',
    text: broken('type: latency', 'toxicity: 1.5\n    type: latency'),
    problems: ['exp.yaml:21:15  faults[0].toxicity  1.5 is too large (expected a number ≤ 1)'],
  },
  {
    name: 'a stream that is neither direction',
    text: broken('type: latency', 'stream: sideways\n    type: latency'),
    problems: ['exp.yaml:21:13  faults[0].stream  "sideways" is not allowed (expected one of: downstream, upstream)'],
  },
  {
    name: 'a stream on a down fault',
    text: broken(FAULT, 'type: down\n    stream: upstream'),
    problems: [
      'exp.yaml:22:13  faults[0].stream  stream does not apply to down, which disables the whole proxy (expected no stream on a down fault)',
    ],
  },
  {
    name: 'two latency faults overlapping on one proxy and stream',
    text: `${VALID}  - name: slower\n    at: 30s\n    for: 1m\n    proxy: to-payments\n    type: latency\n    attributes: { latency: 2s }\n`,
    problems: [
      'exp.yaml:24:9  faults[1].at  overlaps fault "slow" (10s to 40s), both latency on to-payments downstream (expected one fault of a type per proxy and stream at a time; merge them or move one)',
    ],
  },
  {
    name: 'a fault that ends after max_duration',
    text: `${VALID}safety:\n  max_duration: 30s\n`,
    problems: [
      'exp.yaml:19:10  faults[0].for  the fault ends at 40s, after safety.max_duration 30s (expected at + for ≤ 30s; shorten it or raise safety.max_duration)',
    ],
  },
  {
    name: 'a listen address without a port',
    text: broken('listen: 127.0.0.1:21001', 'listen: 127.0.0.1'),
    problems: [
      'exp.yaml:9:17  services[0].proxies[0].listen  "127.0.0.1" is not an address (expected host:port, such as 127.0.0.1:8080, port 0 to 65535)',
    ],
  },
  {
    name: 'a port out of range',
    text: broken('upstream: 127.0.0.1:4003', 'upstream: 127.0.0.1:70000'),
    problems: [
      'exp.yaml:10:19  services[0].proxies[0].upstream  "127.0.0.1:70000" is not an address (expected host:port, such as 127.0.0.1:8080, port 0 to 65535)',
    ],
  },
  {
    name: 'a missing key, shown at the mapping that lacks it',
    text: broken('        upstream: 127.0.0.1:4003\n', ''),
    problems: ['exp.yaml:8:9  services[0].proxies[0].upstream  missing (expected a string)'],
  },
  {
    name: 'a URL without a scheme',
    text: broken('url: http://127.0.0.1:4002/health', 'url: 127.0.0.1:4002/health'),
    problems: [
      'exp.yaml:15:12  steady_state.probes[0].url  "127.0.0.1:4002/health" is not an http(s) URL (expected e.g. http://127.0.0.1:8080/health)',
    ],
  },
  {
    name: 'a service declared twice',
    text: broken('steady_state:', '  - name: checkout\n    owner: team-b\n    importance: low\nsteady_state:'),
    problems: [
      'exp.yaml:11:11  services[1].name  service "checkout" is declared twice, also at services[0].name (expected unique service names)',
    ],
  },
  {
    name: 'three mistakes, all reported at once in file order',
    text: broken('importance: critical', 'importance: huge').replace('at: 10s', 'at: soon').replace('proxy: to-payments', 'proxy: nowhere'),
    problems: [
      'exp.yaml:6:17  services[0].importance  "huge" is not allowed (expected one of: critical, high, medium, low)',
      `exp.yaml:18:9  faults[0].at  "soon" is not a duration (expected ${DURATION})`,
      'exp.yaml:20:12  faults[0].proxy  unknown proxy "nowhere" (expected one of: to-payments)',
    ],
  },
  {
    name: 'bad indentation: the first YAML error only, not its cascade',
    text: broken('name: slow', 'name: slow\n   bad: indent'),
    problems: ['exp.yaml:18:1  (document)  Sequence item without - indicator (expected valid YAML)'],
  },
  {
    name: 'a duplicate key',
    text: broken('description: Payments gets slow', 'description: Payments gets slow\nname: again'),
    problems: ['exp.yaml:3:1  (document)  Map keys must be unique (expected valid YAML)'],
  },
  {
    name: 'a mapping where a list belongs',
    text: `${VALID.slice(0, VALID.indexOf('faults:'))}faults: {}\n`,
    problems: ['exp.yaml:16:9  faults  got a mapping (expected a list)'],
  },
  {
    name: 'services that are not a list: one problem, not one per reference to them',
    text: VALID.replace(/services:[\s\S]*?steady_state:/, 'services: {}\nsteady_state:'),
    problems: ['exp.yaml:3:11  services  got a mapping (expected a list)'],
  },
  {
    name: 'an empty file',
    text: '',
    problems: ['exp.yaml:1:1  (document)  the file is empty (expected a mapping with name, description, services, steady_state and faults)'],
  },
  {
    name: 'a list instead of a mapping',
    text: '- name: x\n',
    problems: ['exp.yaml:1:1  (document)  got a list (expected a mapping)'],
  },
  {
    name: 'alert rules, expectations and routing referring to what does not exist',
    text: `${VALID}alerts:
  rules:
    - name: errors
      service: checkout
      severity: critcal
      type: error_rate
      above: 5
    - name: slow-probe
      service: checkout
      severity: warning
      type: probe_failing
      probe: helth
expectations:
  - type: alert_fires
    alert: error
    within: 1m
  - type: recovers
    service: checkout
    within: 30s
    after: slw
routing:
  on_call:
    chekout: [alice]
  escalation:
    - notify: on_call
    - notify: [bob]
`,
    problems: [
      'exp.yaml:27:17  alerts.rules[0].severity  "critcal" is not allowed, did you mean "critical"? (expected one of: critical, error, warning, info)',
      'exp.yaml:29:14  alerts.rules[0].above  5 is too large (expected a number ≤ 1)',
      'exp.yaml:34:14  alerts.rules[1].probe  unknown probe "helth", did you mean "health"? (expected one of: health)',
      'exp.yaml:37:12  expectations[0].alert  unknown alert "error", did you mean "errors"? (expected one of: errors, slow-probe)',
      'exp.yaml:42:12  expectations[1].after  unknown fault "slw", did you mean "slow"? (expected one of: slow)',
      'exp.yaml:45:5  routing.on_call.chekout  unknown service "chekout", did you mean "checkout"? (expected one of: checkout)',
      'exp.yaml:47:7  routing.escalation[0].timeout  level 1 has no timeout, so the levels after it are never reached (expected a timeout on every level but the last)',
    ],
  },
  {
    name: 'several Toxiproxy servers and a proxy that does not say which',
    text: broken(
      'name: shop-latency',
      'name: shop-latency\ntoxiproxy:\n  - host: web-1\n    url: http://10.0.0.1:8474\n  - host: web-2\n    url: http://10.0.0.2:8474',
    ),
    problems: [
      'exp.yaml:13:9  services[0].proxies[0].host  missing; there are several Toxiproxy servers (expected one of: web-1, web-2)',
    ],
  },
  {
    name: 'a proxy host with only one Toxiproxy server',
    text: broken('upstream: 127.0.0.1:4003', 'upstream: 127.0.0.1:4003\n        host: web-1'),
    problems: [
      'exp.yaml:11:15  services[0].proxies[0].host  host "web-1" needs several Toxiproxy servers (expected toxiproxy: a list of {host, url}, or no host here)',
    ],
  },
  {
    name: 'traffic with no rate, no endpoints and a duration in words',
    text: `${VALID}traffic:\n  rate: 0\n  duration: forever\n  endpoints: []\n`,
    problems: [
      'exp.yaml:24:9  traffic.rate  0 is too small (expected a number > 0)',
      'exp.yaml:25:13  traffic.duration  "forever" is not a duration or run (expected run, or a duration such as 2m or 90s)',
      'exp.yaml:26:14  traffic.endpoints  the list is empty (expected at least 1 entry)',
    ],
  },
  {
    name: 'an unknown percentile and an error rate above 1 in tolerances',
    text: broken(
      'url: http://127.0.0.1:4002/health',
      'url: http://127.0.0.1:4002/health\n      tolerances: { latency: { p98: 1s }, max_error_rate: 2 }',
    ),
    problems: [
      'exp.yaml:16:32  steady_state.probes[0].tolerances.latency.p98  unknown key "p98", did you mean "p90"? (expected one of: p50, p90, p95, p99)',
      'exp.yaml:16:59  steady_state.probes[0].tolerances.max_error_rate  2 is too large (expected a number ≤ 1)',
    ],
  },
  {
    name: 'a recovery expectation for a service no probe watches',
    text: `${broken('      service: checkout\n', '')}expectations:\n  - type: recovers\n    service: checkout\n    within: 30s\n`,
    problems: [
      'exp.yaml:24:14  expectations[0].service  no probe watches service "checkout", so its recovery cannot be seen (expected a probe in steady_state.probes with service: checkout)',
    ],
  },
];

describe('broken experiment files', () => {
  it('the fixture itself is valid', () => {
    expect(problemsOf(VALID)).toEqual([]);
  });

  it.each(cases)('$name', ({ text, problems }) => {
    expect(problemsOf(text)).toEqual(problems);
  });
});
