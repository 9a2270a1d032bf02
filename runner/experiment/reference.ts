import { z } from 'zod';
import { InputError } from '../errors.ts';
import { experimentSchema } from './schema.ts';

/**
 * The experiment file reference in README.md, generated from the JSON Schema
 * of the input side (referenceJsonSchema), so it says what the schema says:
 * descriptions from `describe()`, defaults as they are written in files.
 *
 * One table per list item and per top-level object, in the order the fields
 * appear; smaller objects nested in them are flattened into dotted paths
 * (`health.url`). A discriminated union (`type`) gets a table of the fields
 * every variant shares, then one paragraph per variant with a table of its
 * own fields. Each field is one row of GFM that remark writes back unchanged
 * (with tablePipeAlign off: no padding).
 */

/** The parts of JSON Schema (draft 2020-12, as zod writes it) the reference reads. */
interface Node {
  type?: string;
  description?: string;
  default?: unknown;
  const?: unknown;
  enum?: readonly unknown[];
  format?: string;
  pattern?: string;
  $ref?: string;
  not?: unknown;
  properties?: Record<string, Node>;
  required?: readonly string[];
  additionalProperties?: boolean | Node;
  items?: Node;
  anyOf?: readonly Node[];
  oneOf?: readonly Node[];
  $defs?: Record<string, Node>;
}

interface Row {
  field: string;
  type: string;
  required: string;
  description: string;
}

/** A table still to write: the item or object at `title` (a dotted path from the top, `[]` for list items). */
interface Pending {
  title: string;
  node: Node;
}

/** Where rows are collected: the table's title and a dot, its queue of later tables, the name pattern. */
interface Walk {
  owner: string;
  later: Pending[];
  /** Whether objects get tables of their own (at the top level) rather than being flattened. */
  separate: boolean;
  names: string | undefined;
}

interface Context {
  /** The pattern of names (that of the experiment's own `name`), shown as the type `name`. */
  names: string | undefined;
  /** Variant tables already written, by their rows, so an identical one is referred to. */
  written: Map<string, string>;
  blocks: string[];
}

/**
 * The JSON Schema of experimentJsonSchema() (same options; a test checks
 * they agree) plus the defaults zod leaves out there: it drops the default of
 * any schema that transforms (such as a list of items with durations), since
 * a transformed default need not be valid input. Ours are all written as
 * input (`[]`, `run`, `[{ notify: on_call }]`), and a reader needs them.
 */
export const referenceJsonSchema = (): Record<string, unknown> => ({
  ...z.toJSONSchema(experimentSchema, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      const def = zodSchema._zod.def as { type: string; defaultValue?: unknown };
      if (def.type === 'default' && jsonSchema.default === undefined && def.defaultValue !== undefined) {
        jsonSchema.default = JSON.parse(JSON.stringify(def.defaultValue)) as unknown;
      }
    },
  }),
  title: 'gameday experiment',
});

/** The file that holds the reference, relative to the repository root. */
export const README_PATH = 'README.md';
export const REFERENCE_START = '<!-- experiment-reference:start -->';
export const REFERENCE_END = '<!-- experiment-reference:end -->';

/** The reference, Markdown ending in one newline. */
export const experimentReferenceMarkdown = (): string => {
  const root = referenceJsonSchema() as Node;
  const context: Context = { names: root.properties?.name?.pattern, written: new Map(), blocks: [] };
  context.blocks.push(legend(root));
  writeTable({ title: '', node: root }, context);
  return `${context.blocks.join('\n\n')}\n`;
};

/** The reference as README.md holds it between the markers, or undefined when the markers are missing. */
export const readReference = (readme: string): string | undefined => {
  const span = spanOf(readme);
  return span === undefined ? undefined : `${readme.slice(span.from, span.to).trim()}\n`;
};

/** README.md with the text between the markers replaced by `markdown`; nothing else changes. */
export const spliceReference = (readme: string, markdown: string): string => {
  const span = spanOf(readme);
  if (span === undefined) {
    throw new InputError(`README.md has no ${REFERENCE_START} … ${REFERENCE_END} markers (expected both, in that order)`);
  }
  return `${readme.slice(0, span.from)}\n\n${markdown.trim()}\n\n${readme.slice(span.to)}`;
};

const spanOf = (readme: string): { from: number; to: number } | undefined => {
  const start = readme.indexOf(REFERENCE_START);
  const end = readme.indexOf(REFERENCE_END);
  return start < 0 || end < start ? undefined : { from: start + REFERENCE_START.length, to: end };
};

const legend = (root: Node): string => {
  const duration = (root.$defs?.duration?.description ?? '').replace(/^A duration:\s*/, '');
  return (
    `Types: a _duration_ is written ${duration}; a _name_ is letters, digits, \`.\`, \`_\` or \`-\`, ` +
    'starting with a letter or digit. Required: _yes_, or the default used when the field is left out; ' +
    'a field inside an optional object (`health.url`) is required only when that object is given.'
  );
};

/** Writes the table of one object or list item, then the tables found in it, depth first. */
const writeTable = (table: Pending, context: Context): void => {
  const top = table.title === '';
  const walk: Walk = { owner: top ? '' : `${table.title}.`, later: [], separate: top, names: context.names };
  context.blocks.push(top ? '### Top level' : `### \`${table.title}\``);
  if (table.node.oneOf !== undefined) writeUnion(table, walk, context);
  else context.blocks.push(markdownTable(fieldRows(table.node, '', walk)));
  for (const pending of walk.later) writeTable(pending, context);
};

/**
 * A discriminated union: the tag and the fields most variants share in one
 * table, then each variant with the fields that are its own (including a
 * shared key it defines differently).
 */
const writeUnion = (table: Pending, walk: Walk, context: Context): void => {
  const options = table.node.oneOf ?? [];
  const tag = discriminatorOf(options);
  const shared = sharedFields(options, tag);
  const tagRow: Row = {
    field: tag,
    type: oneOf(options.map((option) => option.properties?.[tag]?.const)),
    required: 'yes',
    description: table.node.description ?? '',
  };
  context.blocks.push(markdownTable([tagRow, ...fieldRows(shared.node, '', walk)]));
  for (const option of options) {
    const value = String(option.properties?.[tag]?.const);
    const own = Object.keys(option.properties ?? {}).filter(
      (key) => key !== tag && shared.signatures.get(key) !== signature(option, key),
    );
    const forbidden = own.filter((key) => option.properties?.[key]?.not !== undefined);
    const rows = fieldRows(pick(option, own.filter((key) => !forbidden.includes(key))), '', walk);
    let text = `**\`${value}\`**: ${sentence(option.description ?? '')}`;
    if (forbidden.length > 0) text += ` Not allowed: ${forbidden.map((key) => `\`${key}\``).join(', ')}.`;
    const same = context.written.get(JSON.stringify(rows));
    if (rows.length === 0) text += ' No other fields.';
    else if (same !== undefined) text += ` Its fields are those of ${same}.`;
    context.blocks.push(text);
    if (rows.length === 0 || same !== undefined) continue;
    context.written.set(JSON.stringify(rows), `\`${table.title}\` \`${value}\``);
    context.blocks.push(markdownTable(rows));
  }
};

/** The key every variant fixes to a constant (`type`, `kind`). */
const discriminatorOf = (options: readonly Node[]): string => {
  const keys = Object.keys(options[0]?.properties ?? {});
  const tag = keys.find((key) => options.every((option) => option.properties?.[key]?.const !== undefined));
  if (tag === undefined) throw new Error('a oneOf in the experiment schema has no constant key to tell its variants apart');
  return tag;
};

/** A field's schema and requiredness in one variant, comparable across variants. */
const signature = (option: Node, key: string): string | undefined =>
  option.properties?.[key] === undefined
    ? undefined
    : JSON.stringify([option.properties[key], option.required?.includes(key) === true]);

/**
 * Fields present in every variant and the same (schema and requiredness) in
 * more than half of them: an object of those, and each one's signature.
 */
const sharedFields = (options: readonly Node[], tag: string): { node: Node; signatures: Map<string, string> } => {
  const node: Required<Pick<Node, 'properties'>> & { required: string[] } = { properties: {}, required: [] };
  const signatures = new Map<string, string>();
  for (const key of Object.keys(options[0]?.properties ?? {})) {
    if (key === tag || !options.every((option) => option.properties?.[key] !== undefined)) continue;
    const counts = new Map<string, number>();
    for (const option of options) {
      const found = signature(option, key) ?? '';
      counts.set(found, (counts.get(found) ?? 0) + 1);
    }
    const [top, count] = [...counts].reduce((best, entry) => (entry[1] > best[1] ? entry : best));
    if (count * 2 <= options.length) continue;
    const [field, required] = JSON.parse(top) as [Node, boolean];
    node.properties[key] = field;
    if (required) node.required.push(key);
    signatures.set(key, top);
  }
  return { node, signatures };
};

/** The object with only `keys`, in its own order. */
const pick = (node: Node, keys: readonly string[]): Node => ({
  ...node,
  properties: Object.fromEntries(Object.entries(node.properties ?? {}).filter(([key]) => keys.includes(key))),
});

/**
 * One row per field of `node`, nested objects flattened under `prefix`.
 * Lists of objects (and, at the top level, objects) are queued in
 * `walk.later` as tables of their own, titled with the owner's path.
 */
const fieldRows = (node: Node, prefix: string, walk: Walk): Row[] => {
  const rows: Row[] = [];
  for (const [key, field] of Object.entries(node.properties ?? {})) {
    if (isEmptyObject(field)) continue;
    const path = `${prefix}${key}`;
    rows.push({
      field: path,
      type: typeOf(field, walk.names),
      required: requiredness(node, key, field),
      description: field.description ?? '',
    });
    for (const part of [field, ...(field.anyOf ?? [])]) {
      if (part.type === 'array' && part.items !== undefined && hasFields(part.items)) {
        walk.later.push({ title: `${walk.owner}${path}[]`, node: part.items });
      } else if (part.type === 'object' && part.properties !== undefined) {
        if (walk.separate && prefix === '') walk.later.push({ title: `${walk.owner}${path}`, node: part });
        else rows.push(...fieldRows(part, `${path}.`, walk));
      }
    }
  }
  return rows;
};

const hasFields = (node: Node): boolean => node.properties !== undefined || node.oneOf !== undefined;

/** `{}` and nothing else (a toxic without attributes): nothing to document. */
const isEmptyObject = (node: Node): boolean =>
  node.type === 'object' && Object.keys(node.properties ?? {}).length === 0 && node.additionalProperties === false;

const requiredness = (owner: Node, key: string, field: Node): string => {
  if (owner.required?.includes(key) === true) return 'yes';
  return field.default === undefined ? 'no' : `default \`${flow(field.default)}\``;
};

/** The type as a reader says it: `duration`, `name`, `list of names`, `one of \`a\`, \`b\``. */
const typeOf = (node: Node, names: string | undefined): string => {
  if (node.not !== undefined) return 'not allowed';
  if (node.$ref !== undefined) return node.$ref.split('/').pop() ?? 'value';
  if (node.const !== undefined) return `\`${flow(node.const)}\``;
  if (node.enum !== undefined) return oneOf(node.enum);
  const options = node.anyOf ?? node.oneOf;
  if (options !== undefined) return [...new Set(options.map((option) => typeOf(option, names)))].join(' or ');
  if (node.type === 'array') return `list of ${node.items === undefined ? 'values' : plural(typeOf(node.items, names))}`;
  if (node.type === 'object') {
    const values = node.additionalProperties;
    return typeof values === 'object' ? `map of string to ${typeOf(values, names)}` : 'object';
  }
  if (node.type === 'string') return node.format === 'uri' ? 'URL' : node.pattern === names ? 'name' : 'string';
  return node.type ?? 'value';
};

/** `name` → `names`; a type of several words (`one of …`) is put in parentheses. */
const plural = (type: string): string => (/^[A-Za-z]+$/.test(type) ? `${type}s` : `(${type})`);

const oneOf = (values: readonly unknown[]): string => `one of ${values.map((value) => `\`${flow(value)}\``).join(', ')}`;

/** A value as YAML flow style writes it: `30s`, `[]`, `{ notify: on_call }`. */
const flow = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(flow).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([key, inner]) => `${key}: ${flow(inner)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return String(value);
};

const sentence = (text: string): string => (text === '' || /[.!?]$/.test(text) ? text : `${text}.`);

/** A GFM table, one line per row; `|` in a cell is escaped (also inside code, as GFM requires). */
const markdownTable = (rows: readonly Row[]): string => {
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  return [
    line(['Field', 'Type', 'Required', 'Description']),
    line(['-', '-', '-', '-']),
    ...rows.map((row) => line([`\`${row.field}\``, row.type, row.required, row.description])),
  ].join('\n');
};

const cell = (text: string): string => text.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|');
