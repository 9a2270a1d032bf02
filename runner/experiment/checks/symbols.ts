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
    for (const [server, i] of entries(root, 'toxiproxy')) {
      declare(issues, hosts, 'toxiproxy host', str(server, 'host'), { path: ['toxiproxy', i, 'host'] });
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
