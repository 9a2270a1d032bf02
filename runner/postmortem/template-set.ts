import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MissingInputError } from '../errors.ts';

/** One template file: its partial name (or `postmortem` for the main one), the path errors show, its text. */
export interface TemplateFile {
  name: string;
  file: string;
  source: string;
}

/** A main template and the partials it may use. */
export interface TemplateSet {
  /** `default`, or the team's template file as given; recorded in the front matter's generator.template. */
  name: string;
  /**
   * True for gameday's own default template, whose output finish.ts makes into remark's own formatting; a
   * team's template (which may write any Markdown) is formatted by remark instead.
   */
  builtIn: boolean;
  main: TemplateFile;
  partials: TemplateFile[];
}

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEFAULT_DIR = join(PACKAGE_ROOT, 'templates', 'default');
const MAIN = 'postmortem.hbs';

/**
 * The default template (templates/default/postmortem.hbs and its
 * partials/*.hbs), or a team's own: `file` is its main template, and the
 * partials/*.hbs next to it, if any, replace default partials of the same
 * name (so a team can restyle one section and keep the rest).
 */
export const loadTemplateSet = (file: string | undefined, cwd: string): TemplateSet => {
  const defaults = partialsIn(join(DEFAULT_DIR, 'partials'), PACKAGE_ROOT);
  if (file === undefined) return { name: 'default', builtIn: true, main: read(join(DEFAULT_DIR, MAIN), PACKAGE_ROOT, 'postmortem'), partials: defaults };
  const path = resolve(cwd, file);
  if (!existsSync(path)) throw new MissingInputError(`template ${file} not found (expected a Handlebars file; see templates/README.md)`);
  const own = partialsIn(join(dirname(path), 'partials'), cwd);
  const names = new Set(own.map((p) => p.name));
  return { name: file, builtIn: false, main: { name: 'postmortem', file, source: readFileSync(path, 'utf8') }, partials: [...defaults.filter((p) => !names.has(p.name)), ...own] };
};

const partialsIn = (dir: string, shownFrom: string): TemplateFile[] =>
  !existsSync(dir)
    ? []
    : readdirSync(dir)
        .filter((name) => name.endsWith('.hbs'))
        .sort()
        .map((name) => read(join(dir, name), shownFrom, basename(name, '.hbs')));

const read = (path: string, shownFrom: string, name: string): TemplateFile => ({
  name,
  file: relative(shownFrom, path).startsWith('..') ? path : relative(shownFrom, path),
  source: readFileSync(path, 'utf8'),
});
