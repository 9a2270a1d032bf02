import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { MissingInputError } from '../errors.ts';
import { parseItemLine } from './read-action-items.ts';
import { readFrontMatter, splitFrontMatter, type PostmortemWarning } from './read-front-matter.ts';
import { parseBody, renderChunks, sectionMarkdown, type Section } from './read-sections.ts';
import type { Postmortem } from './schema.ts';

/**
 * Reads any postmortem, generated or written by hand, with what it has; never throws on bad content.
 * Downstream (site, insights) use this, not the YAML directly.
 */

export interface PostmortemSection {
  /** The gameday:section name; null for a section without a marker (people's, or a hand-written file's). */
  name: string | null;
  heading: string;
  /** 1-based line in the file where the section starts. */
  line: number;
  /** The section's Markdown without gameday marker comments. */
  markdown: string;
}

/** An action item as ticked and assigned in the body (the body, not the front matter, is where people edit). */
export interface BodyActionItem {
  id: string | null;
  text: string;
  owner?: string;
  due?: string;
  done: boolean;
  /** 1-based line in the file. */
  line: number;
}

export interface ReadPostmortem {
  path: string;
  /**
   * The valid front-matter fields. `title` falls back to the first `# ` heading and `date` to a YYYY-MM-DD
   * file-name prefix when missing (each with a warning).
   */
  frontMatter: Partial<Postmortem>;
  /** Front-matter keys the schema does not know (people's own fields). */
  extra: Record<string, unknown>;
  /** The Markdown after the front matter. */
  body: string;
  sections: PostmortemSection[];
  /** Task-list items of the action-items section. */
  actionItems: BodyActionItem[];
  /** True when the body has gameday markers, i.e. the generator wrote it. */
  generated: boolean;
  warnings: PostmortemWarning[];
}

export type { PostmortemWarning } from './read-front-matter.ts';

export const readPostmortem = (text: string, path: string): ReadPostmortem => {
  const split = splitFrontMatter(normalise(text));
  const warnings: PostmortemWarning[] = [];
  if (split.problem !== undefined) warnings.push({ path, line: 1, column: 1, message: split.problem });
  const read =
    split.yaml === null
      ? { frontMatter: {}, extra: {}, warnings: [] }
      : readFrontMatter(split.yaml, split.yamlLine, path);
  if (split.yaml === null && split.problem === undefined) {
    warnings.push({ path, line: 1, column: 1, message: 'no front matter (a `---` block at the top); read as a hand-written postmortem' });
  }
  warnings.push(...read.warnings);

  const body = parseBody(split.body, split.bodyLine);
  for (const problem of body.problems) {
    warnings.push({ path, line: problem.line, column: 1, message: `${problem.message}; the markers do not pair up` });
  }

  const frontMatter: Partial<Postmortem> = { ...read.frontMatter };
  if (frontMatter.title === undefined) {
    const heading = renderChunks(body.preamble).find((line) => /^ {0,3}#[ \t]+\S/.test(line));
    if (heading !== undefined) {
      frontMatter.title = heading.replace(/^ {0,3}#[ \t]+/, '').replace(/[ \t]+#+[ \t]*$/, '').trim();
      note(warnings, 'title', 'used the first `# ` heading as the title');
    }
  }
  if (frontMatter.date === undefined) {
    const date = /^(\d{4}-\d{2}-\d{2})/.exec(basename(path))?.[1];
    if (date !== undefined) {
      frontMatter.date = date;
      note(warnings, 'date', 'used the date at the start of the file name');
    }
  }

  return {
    path,
    frontMatter,
    extra: read.extra,
    body: split.body,
    sections: body.sections.map((section) => ({
      name: section.name,
      heading: section.heading,
      line: section.line,
      markdown: sectionMarkdown(section),
    })),
    actionItems: actionItemsOf(body.sections),
    generated: body.hasMarkers,
    warnings,
  };
};

export interface ReadPostmortemDir {
  /** Every readable `*.md` but README.md, sorted by file name, each with its own warnings. */
  postmortems: ReadPostmortem[];
  /** Files that could not be read at all (and were skipped). */
  warnings: PostmortemWarning[];
}

/** Reads every postmortem in `dir` (not its subfolders). A missing `dir` is a MissingInputError. */
export const readPostmortemDir = async (dir: string): Promise<ReadPostmortemDir> => {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw new MissingInputError(`cannot read the postmortems folder ${dir}: ${(error as Error).message}`, { cause: error });
  }
  const files = names.filter((name) => /\.md$/i.test(name) && name.toLowerCase() !== 'readme.md').sort();
  const result: ReadPostmortemDir = { postmortems: [], warnings: [] };
  for (const name of files) {
    const path = join(dir, name);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      result.warnings.push({ path, message: `cannot read the file (${reason}); skipped` });
      continue;
    }
    result.postmortems.push(readPostmortem(text, path));
  }
  return result;
};

/** LF line ends, no byte-order mark; line numbers stay those of the file. */
export const normalise = (text: string): string => text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');

/** Adds why a missing or dropped field was filled in to that field's warning. */
const note = (warnings: PostmortemWarning[], field: string, what: string): void => {
  const warning = warnings.find((w) => w.field === field);
  if (warning !== undefined) warning.message = `${warning.message}; ${what}`;
};

const actionItemsOf = (sections: readonly Section[]): BodyActionItem[] => {
  const section =
    sections.find((s) => s.name === 'action-items') ??
    sections.find((s) => s.name === null && /^action items$/i.test(s.heading));
  if (section === undefined) return [];
  const items: BodyActionItem[] = [];
  let line = section.line;
  for (const chunk of section.chunks) {
    const lines = chunk.kind === 'text' ? chunk.lines : [chunk.open, ...chunk.lines];
    lines.forEach((text, index) => {
      const item = parseItemLine(text);
      if (item === null) return;
      items.push({
        id: item.id,
        text: item.text,
        ...(item.owner === undefined ? {} : { owner: item.owner }),
        ...(item.due === undefined ? {} : { due: item.due }),
        done: item.done,
        line: line + index,
      });
    });
    line += lines.length + (chunk.kind === 'generated' && chunk.close !== null ? 1 : 0);
  }
  return items;
};

