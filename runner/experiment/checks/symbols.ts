import { declare, entries, entry, str, type CrossIssue, type Entry, type Names, type Path } from './read.ts';

/**
 * The names an experiment declares (services, proxies, Toxiproxy hosts,
 * probes, faults, alerts), each with where it was declared. A name declared
 * twice is reported at its second declaration.
 */
export interface Symbols {
  services: Names<{ path: Path }>;
  proxies: Names<{ path: Path; proxy: Entry }>;
  /** Hosts of `toxiproxy` when it is a list; undefined when it is one URL or absent. */
  hosts: Names<{ path: Path }> | undefined;
  probes: Names<{ path: Path; probe: Entry }>;
  faults: Names<{ path: Path; fault: Entry; index: number }>;
  /** Alert rules and expected external alerts share one name space: expectations name either. */
  alerts: Names<{ path: Path; kind: 'rule' | 'expected' }>;
  /**
   * Sections that are there but not lists (or required and missing): the
   * schema reports them, and references to what they declare are not
   * checked, since every one would look unknown.
   */
  unreadable: Set<Section>;
}

export type Section = 'services' | 'probes' | 'faults' | 'alerts';

const isListOr = (value: unknown, absentIsFine: boolean): boolean =>
  Array.isArray(value) || (absentIsFine && value === undefined);

export const collectSymbols = (experiment: unknown, issues: CrossIssue[]): Symbols => {
  const symbols: Symbols = {
    services: new Map(),
    proxies: new Map(),
    hosts: undefined,
    probes: new Map(),
    faults: new Map(),
    alerts: new Map(),
    unreadable: new Set(),
  };
  const root = entry(experiment);
  if (root === undefined) {
    symbols.unreadable = new Set(['services', 'probes', 'faults', 'alerts']);
    return symbols;
  }
  if (!isListOr(root.services, false)) symbols.unreadable.add('services');
  if (!isListOr(entry(root.steady_state)?.probes, false)) symbols.unreadable.add('probes');
  if (!isListOr(root.faults, false)) symbols.unreadable.add('faults');
  const alerts = entry(root.alerts);
  const alertsReadable =
    root.alerts === undefined || (alerts !== undefined && isListOr(alerts.rules, true) && isListOr(alerts.expected, true));
  if (!alertsReadable) symbols.unreadable.add('alerts');

  if (Array.isArray(root.toxiproxy)) {
    const hosts: Symbols['hosts'] = new Map();
    const urls = new Map<string, string>();
    for (const [server, i] of entries(root, 'toxiproxy')) {
      const host = str(server, 'host');
      declare(issues, hosts, 'toxiproxy host', host, { path: ['toxiproxy', i, 'host'] });
      checkOneServerPerHost(issues, urls, host, str(server, 'url'), ['toxiproxy', i, 'url']);
    }
    symbols.hosts = hosts;
  }
  for (const [service, i] of entries(root, 'services')) {
    declare(issues, symbols.services, 'service', str(service, 'name'), { path: ['services', i, 'name'] });
    for (const [proxy, j] of entries(service, 'proxies')) {
      const path = ['services', i, 'proxies', j, 'name'];
      declare(issues, symbols.proxies, 'proxy', str(proxy, 'name'), { path, proxy });
    }
  }
  for (const [probe, i] of entries(root.steady_state, 'probes')) {
    declare(issues, symbols.probes, 'probe', str(probe, 'name'), { path: ['steady_state', 'probes', i, 'name'], probe });
  }
  for (const [fault, i] of entries(root, 'faults')) {
    declare(issues, symbols.faults, 'fault', str(fault, 'name'), { path: ['faults', i, 'name'], fault, index: i });
  }
  for (const [rule, i] of entries(root.alerts, 'rules')) {
    declare(issues, symbols.alerts, 'alert', str(rule, 'name'), { path: ['alerts', 'rules', i, 'name'], kind: 'rule' });
  }
  for (const [expected, i] of entries(root.alerts, 'expected')) {
    const path = ['alerts', 'expected', i, 'name'];
    declare(issues, symbols.alerts, 'alert', str(expected, 'name'), { path, kind: 'expected' });
  }
  return symbols;
};

/**
 * Two hosts may not name one server: cleanup on a host removes every proxy
 * of the run that server holds, so it would remove (and journal under the
 * wrong host) the other host's proxies too.
 */
const checkOneServerPerHost = (issues: CrossIssue[], urls: Map<string, string>, host: string | undefined, url: string | undefined, path: Path): void => {
  if (host === undefined || url === undefined) return;
  let key: string;
  try {
    const parsed = new URL(url);
    key = `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`;
  } catch {
    return; // Not a URL: the schema says so.
  }
  const first = urls.get(key);
  if (first === undefined) {
    urls.set(key, host);
    return;
  }
  issues.push({
    path,
    message:
      `${JSON.stringify(url)} is already the server of host "${first}" (expected one Toxiproxy server per host: ` +
      `give proxies on the same server the same host, or this host the URL of its own server)`,
  });
};
