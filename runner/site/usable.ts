import { basename } from 'node:path';
import type { PostmortemWarning, ReadPostmortem, ReadPostmortemDir } from '../postmortem/index.ts';

/**
 * Which postmortems the site publishes, decided once here for the site's content loader and for `buildSite`'s
 * report, so both say the same. runner/postmortem reads every file leniently; the site skips a file that cannot
 * be read at all, or whose front matter gave no field (missing, never closed, not YAML, not a mapping): such a
 * file says nothing the site can place (no id, kind, date or services of its own), so it is reported, not shown.
 * A file whose front matter gave some fields is published with what it has, like `gameday insights` reads it.
 */

/** A file the site left out, and why (one line, with the file's line when known). */
export interface SkippedFile {
  path: string;
  /** 1-based line of the problem in the file, when known. */
  line?: number;
  reason: string;
}

export interface SiteSelection {
  /** The postmortems to publish, in file-name order, each with the page slug it gets. */
  used: { postmortem: ReadPostmortem; slug: string }[];
  skipped: SkippedFile[];
}

/** Splits a read folder into what the site publishes and what it skips; slugs are unique within the result. */
export const selectForSite = (read: ReadPostmortemDir): SiteSelection => {
  const skipped: SkippedFile[] = read.warnings.map((w) => ({ path: w.path, ...lineOf(w), reason: w.message }));
  const used: SiteSelection['used'] = [];
  const slugs = new Set<string>();
  for (const postmortem of read.postmortems) {
    if (!hasFrontMatter(postmortem)) {
      skipped.push(skipReason(postmortem));
      continue;
    }
    used.push({ postmortem, slug: uniqueSlug(slugOfFile(postmortem.path), slugs) });
  }
  return { used, skipped };
};

/**
 * True when the YAML front matter was read as a mapping and gave something. Title and date alone do not tell
 * (the reader fills them in from the first heading and the file name), but a mapping always leaves a trace:
 * another field, one of people's own fields, or a warning naming a field (every missing or bad field has one).
 */
export const hasFrontMatter = (postmortem: ReadPostmortem): boolean =>
  Object.keys(postmortem.extra).length > 0 ||
  Object.keys(postmortem.frontMatter).some((field) => field !== 'title' && field !== 'date') ||
  postmortem.warnings.some((w) => w.field !== undefined);

/**
 * The problems of a published file worth telling: all but a missing `timeline` (optional, and absent from
 * every file written before gameday recorded one).
 */
export const siteWarnings = (postmortem: ReadPostmortem): PostmortemWarning[] =>
  postmortem.warnings.filter((w) => !(w.field === 'timeline' && /^missing field/.test(w.message)));

/** The file's own problem (the first warning not about one field), else that it has no front matter. */
const skipReason = (postmortem: ReadPostmortem): SkippedFile => {
  const problem = postmortem.warnings.find((w) => w.field === undefined);
  const why = problem?.message.replace(/; (no field was read|read the file without it|read as a hand-written postmortem)$/, '');
  return {
    path: postmortem.path,
    ...(problem === undefined ? {} : lineOf(problem)),
    reason: `${why ?? 'the front matter gave no field'}; skipped (the site needs front matter)`,
  };
};

const lineOf = (w: PostmortemWarning): { line?: number } => (w.line === undefined ? {} : { line: w.line });

/**
 * The page slug of a postmortem file: its name without `.md`, kept as is when it is plain (letters, digits,
 * `.`, `_`, `-`), else lowercased with every other run of characters made one `-`.
 */
export const slugOfFile = (path: string): string => {
  const stem = basename(path).replace(/\.md$/i, '');
  if (/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(stem)) return stem;
  const slug = stem
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-._]+|-+$/g, '');
  return slug === '' ? 'postmortem' : slug;
};

const uniqueSlug = (slug: string, taken: Set<string>): string => {
  let candidate = slug;
  for (let n = 2; taken.has(candidate.toLowerCase()); n += 1) candidate = `${slug}-${n}`;
  taken.add(candidate.toLowerCase());
  return candidate;
};

/**
 * One line a problem, `file:line:col  field  message`, like a compiler; a file's missing fields (the usual state
 * of a hand-written postmortem) are folded into one line. `shown` turns a path into what to print.
 */
export const warningLines = (warnings: readonly PostmortemWarning[], shown: (path: string) => string = (p) => p): string[] => {
  const lines: string[] = [];
  const missing = new Map<string, string[]>();
  for (const w of warnings) {
    const path = shown(w.path);
    if (w.field !== undefined && w.line === undefined && /^missing field `[^`]*`$/.test(w.message)) {
      missing.set(path, [...(missing.get(path) ?? []), w.field]);
      continue;
    }
    const where = w.line === undefined ? path : `${path}:${w.line}:${w.column ?? 1}`;
    lines.push([where, w.field, oneLine(w.message)].filter((part) => part !== undefined).join('  '));
  }
  for (const [path, fields] of missing) lines.push(`${path}  front matter has no ${fields.join(', ')}; read with what it has`);
  return lines;
};

/** A skipped file as one line: `file:line  reason`. */
export const skippedLine = (file: SkippedFile, shown: (path: string) => string = (p) => p): string =>
  `${shown(file.path)}${file.line === undefined ? '' : `:${file.line}`}  ${oneLine(file.reason)}`;

const oneLine = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
