import { isMap, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { postmortemSchema, type Postmortem } from './schema.ts';

/**
 * The lenient front-matter reader: a postmortem with part of its front matter (hand-written, or edited by
 * hand) is read with what it has. A missing field is a warning, unless the schema has a default for it (such a
 * field, e.g. `timeline`, is optional: it is left out, not filled in); a field of the wrong type is a warning naming
 * the field, and the field is dropped (for a list, only its bad entries); YAML that does not parse is a
 * warning with its line and column, and no fields. Never throws on bad input.
 */

/** A problem in a user's postmortem file; line and column (1-based, in the whole file) when known. */
export interface PostmortemWarning {
  path: string;
  message: string;
  line?: number;
  column?: number;
  /** The front-matter field concerned, dotted (`timestamps.detected`, `action_items[1].id`). */
  field?: string;
}

export interface FrontMatterSplit {
  /** The YAML between the `---` lines, null when the file has none. */
  yaml: string | null;
  /** 1-based line of the file where the YAML starts. */
  yamlLine: number;
  body: string;
  /** 1-based line of the file where the body starts. */
  bodyLine: number;
  /** Why a `---` at the top was not read as front matter. */
  problem?: string;
}

/** Splits off the front matter; `text` has LF line ends and no BOM. */
export const splitFrontMatter = (text: string): FrontMatterSplit => {
  const lines = text.split('\n');
  if (!/^---[ \t]*$/.test(lines[0] ?? '')) return { yaml: null, yamlLine: 1, body: text, bodyLine: 1 };
  const end = lines.findIndex((line, index) => index > 0 && /^(---|\.\.\.)[ \t]*$/.test(line));
  if (end < 0) {
    return {
      yaml: null,
      yamlLine: 1,
      body: text,
      bodyLine: 1,
      problem: 'the front matter that starts on line 1 is never closed with a `---` line; read the file without it',
    };
  }
  return { yaml: lines.slice(1, end).join('\n'), yamlLine: 2, body: lines.slice(end + 1).join('\n'), bodyLine: end + 2 };
};

export interface FrontMatterRead {
  frontMatter: Partial<Postmortem>;
  /** Keys the schema does not know, kept as written (people's own fields). */
  extra: Record<string, unknown>;
  warnings: PostmortemWarning[];
}

type Field = keyof Postmortem;
const FIELDS = Object.keys(postmortemSchema.shape) as Field[];
/** Fields the schema accepts when missing (those with a default). */
const OPTIONAL: ReadonlySet<Field> = new Set(FIELDS.filter((field) => postmortemSchema.shape[field].safeParse(undefined).success));

export const readFrontMatter = (yaml: string, yamlLine: number, path: string): FrontMatterRead => {
  const warnings: PostmortemWarning[] = [];
  const lineCounter = new LineCounter();
  const doc = parseDocument(yaml, { lineCounter, prettyErrors: true });
  const at = (offset: number | undefined): { line?: number; column?: number } => {
    if (offset === undefined) return {};
    const pos = lineCounter.linePos(offset);
    return { line: pos.line + yamlLine - 1, column: pos.col };
  };

  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const pos = error.linePos?.[0];
      warnings.push({
        path,
        ...(pos === undefined ? {} : { line: pos.line + yamlLine - 1, column: pos.col }),
        message: `the front matter is not valid YAML: ${error.message.split(' at line ')[0]}; no field was read`,
      });
    }
    return { frontMatter: {}, extra: {}, warnings };
  }
  if (!isMap(doc.contents)) {
    const what = doc.contents === null ? 'empty' : 'not a mapping of `field: value` lines';
    warnings.push({ path, ...at(doc.contents?.range?.[0]), message: `the front matter is ${what}; no field was read` });
    return { frontMatter: {}, extra: {}, warnings };
  }

  let data: Record<string, unknown>;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    warnings.push({ path, line: yamlLine, column: 1, message: `the front matter cannot be read: ${reason}; no field was read` });
    return { frontMatter: {}, extra: {}, warnings };
  }

  const frontMatter: Record<string, unknown> = {};
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (!(FIELDS as string[]).includes(key)) extra[key] = value;
  }
  for (const field of FIELDS) {
    if (!Object.hasOwn(data, field)) {
      if (!OPTIONAL.has(field)) warnings.push({ path, field, message: `missing field \`${field}\`` });
      continue;
    }
    const checked = checkField(field, data[field]);
    for (const issue of checked.issues) {
      const node = nearestNode(doc, [field, ...issue.path]);
      const name = fieldName([field, ...issue.path]);
      const dropped =
        checked.value !== undefined
          ? 'the entry is ignored'
          : issue.path.length === 0
            ? 'the field is ignored'
            : `the whole \`${field}\` is ignored`;
      const what = issue.found === undefined ? 'is missing' : `: ${issue.message} (found ${describe(issue.found)})`;
      warnings.push({ path, field: name, ...at(node), message: `field \`${name}\`${what.startsWith(':') ? '' : ' '}${what}; ${dropped}` });
    }
    if (checked.value !== undefined) frontMatter[field] = checked.value;
  }
  return { frontMatter: frontMatter as Partial<Postmortem>, extra, warnings };
};

interface FieldIssue {
  path: PropertyKey[];
  message: string;
  found: unknown;
}

/** The parsed value (undefined when dropped) and what was wrong; a list keeps its good entries. */
const checkField = (field: Field, value: unknown): { value: unknown; issues: FieldIssue[] } => {
  const schema = postmortemSchema.shape[field] as z.ZodType;
  const result = schema.safeParse(value);
  if (result.success) return { value: result.data, issues: [] };
  // A list with a default (`timeline`) is checked entry by entry too; the default only ever fills a missing field.
  const list = schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema;
  if (list instanceof z.ZodArray && Array.isArray(value)) {
    const element = list.element as z.ZodType;
    const kept: unknown[] = [];
    const issues: FieldIssue[] = [];
    value.forEach((entry: unknown, index) => {
      const one = element.safeParse(entry);
      if (one.success) kept.push(one.data);
      else issues.push(...toIssues(one.error, entry, [index]));
    });
    return { value: kept, issues };
  }
  return { value: undefined, issues: toIssues(result.error, value, []) };
};

const toIssues = (error: z.ZodError, value: unknown, prefix: PropertyKey[]): FieldIssue[] =>
  error.issues.map((issue) => ({
    path: [...prefix, ...issue.path],
    message: issue.message,
    found: valueAt(value, issue.path),
  }));

const valueAt = (value: unknown, path: readonly PropertyKey[]): unknown => {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
};

/** Offset of the deepest node that exists along `path` (a missing key points at its parent). */
const nearestNode = (doc: Document, path: PropertyKey[]): number | undefined => {
  for (let length = path.length; length > 0; length -= 1) {
    const node = doc.getIn(path.slice(0, length) as (string | number)[], true) as { range?: [number, number, number] } | undefined;
    if (node?.range !== undefined) return node.range[0];
  }
  return undefined;
};

const fieldName = (path: readonly PropertyKey[]): string =>
  path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');

const describe = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
};
