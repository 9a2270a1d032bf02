import type { Severity } from '../../alerts/alert.ts';

/**
 * The words senders use for severity, by our four levels. Alertmanager rules
 * say `page` or `critical`, Grafana users `P1` or `high`, syslog-minded ones
 * `emergency` or `notice`. Matched without regard to case or surrounding space.
 */
const WORDS: Record<Severity, readonly string[]> = {
  critical: ['critical', 'crit', 'page', 'paging', 'fatal', 'emergency', 'emerg', 'alert', 'disaster', 'p0', 'p1', 'sev0', 'sev1', 'sev-0', 'sev-1'],
  error: ['error', 'err', 'major', 'high', 'p2', 'sev2', 'sev-2'],
  warning: ['warning', 'warn', 'minor', 'medium', 'average', 'p3', 'sev3', 'sev-3'],
  info: ['info', 'informational', 'information', 'notice', 'low', 'debug', 'none', 'ok', 'p4', 'p5', 'sev4', 'sev5', 'sev-4', 'sev-5'],
};

const BY_WORD = new Map<string, Severity>(
  Object.entries(WORDS).flatMap(([severity, words]) => words.map((word) => [word, severity as Severity] as const)),
);

/**
 * Our severity for a sender's word. A missing or unknown word is `error`:
 * paged (as PagerDuty treats an event with no severity as high urgency),
 * but not claimed to be critical.
 */
export function mapSeverity(word: unknown): Severity {
  if (typeof word !== 'string') return 'error';
  return BY_WORD.get(word.trim().toLowerCase()) ?? 'error';
}
