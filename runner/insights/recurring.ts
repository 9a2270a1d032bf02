import type { Entry, EntryItem } from './entry.ts';
import { itemsOfFailureMode } from './failure-modes.ts';
import { compare, push, sortedUnique } from './order.ts';

/**
 * Recurring issues: generated postmortems grouped by failure mode (fingerprint), and hand-written postmortems
 * that have no fingerprint grouped by each of their services and each of their tags.
 */

/** An action item still open, with the postmortem it is in. */
export interface OpenItem {
  /** The postmortem's id. */
  postmortem: string;
  id: string | null;
  text: string;
  owner: string | null;
  due: string | null;
}

export interface Cluster {
  /** How many postmortems. */
  count: number;
  /** YYYY-MM-DD of the oldest and newest dated postmortem; null when none is dated. */
  firstSeen: string | null;
  lastSeen: string | null;
  /** Their ids, oldest first (undated last). */
  postmortems: string[];
  /** Open items of those postmortems that belong to the cluster (see failure-modes.ts), oldest first. */
  openActionItems: OpenItem[];
}

export interface FailureModeCluster extends Cluster {
  fingerprint: string;
  experiments: string[];
  services: string[];
}

export interface HandWrittenCluster extends Cluster {
  by: 'service' | 'tag';
  key: string;
}

export interface Recurring {
  /** Most postmortems first, then the most recently seen, then by fingerprint. */
  failureModes: FailureModeCluster[];
  /** Hand-written postmortems without fingerprints, ordered likewise. */
  handWritten: HandWrittenCluster[];
}

/** `entries` oldest first (entry.ts `entriesOf`). */
export const recurringOf = (entries: readonly Entry[]): Recurring => {
  const byFingerprint = new Map<string, Entry[]>();
  const byService = new Map<string, Entry[]>();
  const byTag = new Map<string, Entry[]>();
  for (const entry of entries) {
    for (const fingerprint of entry.fingerprints) push(byFingerprint, fingerprint, entry);
    if (!entry.handWritten || entry.fingerprints.length > 0) continue;
    for (const service of entry.services) push(byService, service, entry);
    for (const tag of entry.tags) push(byTag, tag, entry);
  }
  const failureModes = [...byFingerprint].map(([fingerprint, members]): FailureModeCluster => ({
    fingerprint,
    ...clusterOf(members, (entry) => itemsOfFailureMode(entry, fingerprint)),
    experiments: sortedUnique(members.flatMap((entry) => (entry.experiment === null ? [] : [entry.experiment]))),
    services: sortedUnique(members.flatMap((entry) => entry.services)),
  }));
  const handWritten = [
    ...[...byService].map(([key, members]): HandWrittenCluster => ({ by: 'service', key, ...clusterOf(members, (e) => e.items) })),
    ...[...byTag].map(([key, members]): HandWrittenCluster => ({ by: 'tag', key, ...clusterOf(members, (e) => e.items) })),
  ];
  return {
    failureModes: failureModes.sort((a, b) => byWeight(a, b) || compare(a.fingerprint, b.fingerprint)),
    handWritten: handWritten.sort((a, b) => byWeight(a, b) || compare(a.by, b.by) || compare(a.key, b.key)),
  };
};

const clusterOf = (members: readonly Entry[], itemsOf: (entry: Entry) => readonly EntryItem[]): Cluster => {
  const dates = members.flatMap((entry) => (entry.date === null ? [] : [entry.date]));
  return {
    count: members.length,
    firstSeen: dates[0] ?? null,
    lastSeen: dates.at(-1) ?? null,
    postmortems: members.map((entry) => entry.id),
    openActionItems: members.flatMap((entry) =>
      itemsOf(entry)
        .filter((item) => !item.done)
        .map((item) => ({ postmortem: entry.id, id: item.id, text: item.text, owner: item.owner, due: item.due })),
    ),
  };
};

const byWeight = (a: Cluster, b: Cluster): number => b.count - a.count || compare(b.lastSeen ?? '', a.lastSeen ?? '');
