import type { Entry, EntryItem } from './entry.ts';

/**
 * Which of a postmortem's action items belong to which of its failure modes (fingerprints).
 *
 * The generator (runner/postmortem/findings.ts) makes a finding's fingerprint `<proxy>:<fault kind>:<what broke>`,
 * where what broke is slug(subject) for a failed expectation and slug(`<subject>-<kind>`) otherwise, and its key
 * `<kind>:<subject>`. So an item with finding `failed-expectation:checkout-stays-fast` belongs to
 * `checkout-to-payments:latency:checkout-stays-fast`. Items that name no finding of their own (people's items,
 * the one `recurring` item, or a finding that matches no fingerprint of the postmortem) belong to every
 * failure mode of the postmortem.
 */
export const itemsOfFailureMode = (entry: Entry, fingerprint: string): EntryItem[] => {
  const tail = fingerprint.slice(fingerprint.lastIndexOf(':') + 1);
  const tails = new Set(entry.fingerprints.map((f) => f.slice(f.lastIndexOf(':') + 1)));
  return entry.items.filter((item) => {
    const own = findingTail(item.finding);
    return own === null || !tails.has(own) || own === tail;
  });
};

/** The `<what broke>` part of the fingerprint a finding key makes; null for no finding and `recurring`. */
const findingTail = (finding: string | null): string | null => {
  if (finding === null) return null;
  const colon = finding.indexOf(':');
  if (colon < 0) return null;
  const kind = finding.slice(0, colon);
  const subject = finding.slice(colon + 1);
  return slug(kind === 'failed-expectation' ? subject : `${subject}-${kind}`);
};

/** As runner/postmortem/fingerprint.ts: lowercase, runs of anything but [a-z0-9._-] become one `-`. */
const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '') || 'x';
