import { didYouMean, oneOf } from '../suggest.ts';
import { checkReference, entries, entry, str, type CrossIssue, type Entry, type Path } from './read.ts';
import type { Section, Symbols } from './symbols.ts';

/**
 * Every name used in one place must be declared in another: proxies and
 * their hosts, the services of probes, alerts and on-call entries, the
 * probes of conditions, the faults and alerts of expectations.
 */
export const checkReferences = (experiment: unknown, symbols: Symbols, issues: CrossIssue[]): void => {
  const root = entry(experiment);
  if (root === undefined) return;
  const readable = (section: Section): boolean => !symbols.unreadable.has(section);
  const ref = (path: Path, what: string, name: string | undefined, declared: ReadonlyMap<string, unknown>, where: string) =>
    checkReference(issues, path, what, name, declared, where);
  const service = (path: Path, value: Entry) =>
    readable('services') && ref(path, 'service', str(value, 'service'), symbols.services, 'a `name` in services');
  const probe = (path: Path, value: Entry) =>
    readable('probes') && ref(path, 'probe', str(value, 'probe'), symbols.probes, 'a `name` in steady_state.probes');
  const fault = (path: Path, value: Entry, key: string) =>
    readable('faults') && ref(path, 'fault', str(value, key), symbols.faults, 'a `name` in faults');
  const alert = (path: Path, value: Entry) =>
    readable('alerts') &&
    ref(path, 'alert', str(value, 'alert'), symbols.alerts, 'a `name` in alerts.rules or alerts.expected');
  const proxy = (path: Path, value: Entry) =>
    readable('services') &&
    ref(path, 'proxy', str(value, 'proxy'), symbols.proxies, 'a proxy declared in services[].proxies');

  checkProxies(symbols, issues);

  for (const [item, i] of entries(root.steady_state, 'probes')) service(['steady_state', 'probes', i, 'service'], item);

  for (const [item, i] of entries(root, 'faults')) proxy(['faults', i, 'proxy'], item);

  for (const [rule, i] of entries(root.alerts, 'rules')) {
    service(['alerts', 'rules', i, 'service'], rule);
    probe(['alerts', 'rules', i, 'probe'], rule);
  }
  for (const [expected, i] of entries(root.alerts, 'expected')) fault(['alerts', 'expected', i, 'after'], expected, 'after');

  for (const [expectation, i] of entries(root, 'expectations')) {
    const path: Path = ['expectations', i];
    alert([...path, 'alert'], expectation);
    service([...path, 'service'], expectation);
    probe([...path, 'probe'], expectation);
    fault([...path, 'after'], expectation, 'after');
    fault([...path, 'during'], expectation, 'during');
    if (readable('services') && readable('probes')) checkRecoveryIsObserved(root, expectation, path, symbols, issues);
    const type = str(expectation, 'type');
    const countsFromFault = type === 'alert_fires' || type === 'recovers';
    if (countsFromFault && readable('faults') && str(expectation, 'after') === undefined && symbols.faults.size === 0) {
      const message = `${type} counts from a fault, but the experiment has none (expected at least one entry in faults)`;
      issues.push({ path: [...path, 'type'], message });
    }
  }

  for (const [condition, i] of entries(root.safety, 'stop_conditions')) {
    probe(['safety', 'stop_conditions', i, 'probe'], condition);
  }

  const onCall = entry(entry(root.routing)?.on_call);
  for (const name of Object.keys(onCall ?? {})) {
    if (!readable('services') || symbols.services.has(name)) continue;
    const names = [...symbols.services.keys()];
    issues.push({
      path: ['routing', 'on_call', name],
      atKey: true,
      message: `unknown service "${name}"${didYouMean(name, names)} (expected ${oneOf(names)})`,
    });
  }
};

/** Each proxy's host names a declared Toxiproxy server; two proxies never listen on one address. */
const checkProxies = (symbols: Symbols, issues: CrossIssue[]): void => {
  const listening = new Map<string, Path>();
  for (const { path, proxy } of symbols.proxies.values()) {
    const proxyPath = path.slice(0, -1);
    const host = str(proxy, 'host');
    if (symbols.hosts === undefined && host !== undefined) {
      issues.push({
        path: [...proxyPath, 'host'],
        message: `host "${host}" needs several Toxiproxy servers (expected toxiproxy: a list of {host, url}, or no host here)`,
      });
    } else if (symbols.hosts !== undefined && host !== undefined) {
      checkReference(issues, [...proxyPath, 'host'], 'toxiproxy host', host, symbols.hosts, 'a `host` in toxiproxy');
    } else if (symbols.hosts !== undefined && symbols.hosts.size > 1) {
      issues.push({
        path: [...proxyPath, 'host'],
        message: `missing; there are several Toxiproxy servers (expected ${oneOf([...symbols.hosts.keys()])})`,
      });
    }
    const listen = str(proxy, 'listen');
    if (listen === undefined || listen.endsWith(':0')) continue;
    const key = `${host ?? ''}\u0000${listen}`;
    const first = listening.get(key);
    if (first === undefined) listening.set(key, proxyPath);
    else {
      issues.push({
        path: [...proxyPath, 'listen'],
        message:
          `${listen} is already the listen address of the proxy at ${formatProxy(first)} ` +
          '(expected a free host:port, or port 0)',
      });
    }
  }
};

const formatProxy = (path: Path): string => `services[${String(path[1])}].proxies[${String(path[3])}]`;

/** Recovery of a service is seen through its probes, so one must watch it. */
const checkRecoveryIsObserved = (root: Entry, expectation: Entry, path: Path, symbols: Symbols, issues: CrossIssue[]): void => {
  const name = str(expectation, 'service');
  if (str(expectation, 'type') !== 'recovers' || name === undefined || !symbols.services.has(name)) return;
  const watched = entries(root.steady_state, 'probes').some(([probe]) => str(probe, 'service') === name);
  if (!watched) {
    issues.push({
      path: [...path, 'service'],
      message:
        `no probe watches service "${name}", so its recovery cannot be seen ` +
        `(expected a probe in steady_state.probes with service: ${name})`,
    });
  }
};
