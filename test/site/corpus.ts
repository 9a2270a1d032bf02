import { cpSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXTURES as INSIGHTS_FIXTURES } from '../insights/fixture.ts';
import { FIXTURE_RUNS, generateFixture } from '../postmortem/fixture.ts';

/**
 * The site's fixture corpus, written into a folder:
 * - test/insights/fixtures: seven small postmortems with known insights (five generated-like, two hand-written
 *   without failure modes) and broken.md, whose front matter is not YAML (the site skips it);
 * - the three fixture runs of test/postmortem, generated as `gameday postmortem` writes them;
 * - test/site/fixtures: a drill with a `timeline` of 8 entries (5 spans: the run, 2 faults, 2 alerts of which
 *   one never ended; 3 moments: 2 responses, 1 recovery), and a hostile one with HTML and `javascript:` URLs in
 *   its title, experiment, service, fingerprint, action item, timeline labels and body.
 */
export const SITE_FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const TIMELINE_SLUG = '2025-04-05-timeline-drill';
export const HOSTILE_SLUG = '2025-04-06-hostile';
export const BROKEN_FILE = 'broken.md';

export const writeSiteCorpus = (dir: string): void => {
  cpSync(INSIGHTS_FIXTURES, dir, { recursive: true });
  cpSync(SITE_FIXTURES, dir, { recursive: true });
  for (const run of FIXTURE_RUNS) {
    const generated = generateFixture(run);
    writeFileSync(join(dir, generated.fileName), generated.text);
  }
};
