import { createHash } from 'node:crypto';
import { slug } from './fingerprint.ts';

/**
 * `<YYYY-MM-DD>-<experiment slug>-<4 hex>.md`: the 4 hex digits that end a
 * run id (`20250301-101500-slow-payments-3f2a`), else the first 4 of the
 * SHA-256 of the run id (a run id from elsewhere).
 */
export const postmortemFileName = (date: string, experiment: string, runId: string): string => {
  const tail = /-([0-9a-f]{4})$/.exec(runId)?.[1] ?? createHash('sha256').update(runId).digest('hex').slice(0, 4);
  return `${date}-${slug(experiment)}-${tail}.md`;
};
