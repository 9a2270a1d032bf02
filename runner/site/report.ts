import type { PostmortemWarning } from '../postmortem/index.ts';
import type { SkippedFile } from './usable.ts';

/**
 * What the site's content loader read, left by it for `buildSite` (the loader runs inside Astro's build, so
 * this file is how it reports back): written to Astro's cache folder on every build, read after it.
 */
export const REPORT_FILE = 'gameday-site-report.json';

export interface LoadReport {
  /** The postmortems folder read. */
  dir: string;
  /** Postmortems published. */
  postmortems: number;
  skipped: SkippedFile[];
  /** Problems in published files. */
  warnings: PostmortemWarning[];
}
