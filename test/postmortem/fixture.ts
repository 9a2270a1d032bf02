import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  compileTemplateSet,
  type EarlierIndex,
  generatePostmortem,
  loadRunDir,
  loadTemplateSet,
  type EarlierPostmortem,
  type GeneratedPostmortem,
  type LoadedSource,
} from '../../runner/postmortem/index.ts';

/** The repository root: what fixture paths are shown relative to, so goldens do not depend on where tests run. */
export const REPO = resolve(fileURLToPath(new URL('../../', import.meta.url)));
export const FIXTURES = join(REPO, 'test', 'postmortem', 'fixtures');

/** The fixture runs, each a folder with journal.jsonl (and run.json, experiment.yaml when the run had them). */
export const FIXTURE_RUNS = ['slow-payments', 'paged-incident', 'unfinished'] as const;

const renderer = compileTemplateSet(loadTemplateSet(undefined, REPO));

export const loadFixture = (name: string): LoadedSource => loadRunDir(join(FIXTURES, name), REPO);

/** The fixture run's postmortem with the default template and version `test` (goldens must not change with the version). */
export const generateFixture = (name: string, earlier: readonly EarlierPostmortem[] | EarlierIndex = []): GeneratedPostmortem =>
  generatePostmortem(loadFixture(name).source, { renderer, version: 'test', earlier });
