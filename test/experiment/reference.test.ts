import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../runner/errors.ts';
import { experimentJsonSchema } from '../../runner/experiment/index.ts';
import {
  experimentReferenceMarkdown,
  readReference,
  README_PATH,
  REFERENCE_END,
  REFERENCE_START,
  referenceJsonSchema,
  spliceReference,
} from '../../runner/experiment/reference.ts';
import { faultTypes } from '../../runner/experiment/schema/faults.ts';
import { formatMarkdown, parseMarkdown } from '../../runner/postmortem/index.ts';

interface Node {
  type: string;
  value?: string;
  depth?: number;
  children?: Node[];
}

interface JsonNode {
  description?: string;
  properties?: Record<string, JsonNode>;
  items?: JsonNode;
  oneOf?: JsonNode[];
  anyOf?: JsonNode[];
}

const markdown = experimentReferenceMarkdown();

const nodes = (node: Node): Node[] => [node, ...(node.children ?? []).flatMap(nodes)];
/** The text of a node as a reader sees it: text and inline code, without the backticks. */
const text = (node: Node): string =>
  nodes(node)
    .map((n) => (n.type === 'text' || n.type === 'inlineCode' ? (n.value ?? '') : ''))
    .join('');

/**
 * Every table by where it stands: the `###` heading's text, then ` <variant>`
 * when a `**\`variant\`**:` paragraph comes before it. Rows are cell texts.
 */
const tablesOf = (source: string): Map<string, string[][]> => {
  const tables = new Map<string, string[][]>();
  let title = '';
  let variant: string | undefined;
  for (const block of (parseMarkdown(source) as Node).children ?? []) {
    if (block.type === 'heading' && block.depth === 3) [title, variant] = [text(block), undefined];
    const first = block.children?.[0];
    if (block.type === 'paragraph' && first?.type === 'strong') variant = text(first);
    if (block.type === 'table') {
      tables.set(variant === undefined ? title : `${title} ${variant}`, (block.children ?? []).map((row) => (row.children ?? []).map(text)));
    }
  }
  return tables;
};

/** Description column of the row for `field` in the table at `where`. */
const descriptionIn = (where: string, field: string): string | undefined =>
  tablesOf(markdown).get(where)?.find((row) => row[0] === field)?.[3];

const schema = experimentJsonSchema() as JsonNode;
const at = (node: JsonNode | undefined, ...keys: string[]): JsonNode | undefined =>
  keys.reduce<JsonNode | undefined>((inner, key) => inner?.properties?.[key], node);
const variant = (list: JsonNode | undefined, type: string): JsonNode | undefined =>
  list?.items?.oneOf?.find((option) => (option.properties?.type as { const?: string } | undefined)?.const === type);
/** As the reader sees a description: inline code without its backticks. */
const shown = (description: string | undefined): string | undefined => description?.replace(/`/g, '');

describe('the experiment reference in README.md', () => {
  it('is the one generated from the schema (run `npm run schema` after changing the schema)', async () => {
    const readme = await readFile(new URL(`../../${README_PATH}`, import.meta.url), 'utf8');
    const committed = readReference(readme);
    expect(committed, `${README_PATH} has no ${REFERENCE_START} … ${REFERENCE_END} markers`).toBeDefined();
    expect(committed, `the experiment reference in ${README_PATH} is out of date: run \`npm run schema\``).toBe(markdown);
  });

  it('lists every top-level key of the schema in the top-level table', () => {
    const fields = tablesOf(markdown).get('Top level')?.slice(1).map((row) => row[0]);
    expect(fields).toEqual(Object.keys(schema.properties ?? {}));
  });

  it('gives every fault type a paragraph, and the type row names them all', () => {
    const variants = (parseMarkdown(markdown) as Node).children
      ?.filter((block) => block.type === 'paragraph' && block.children?.[0]?.type === 'strong')
      .map((block) => text(block.children?.[0] as Node));
    for (const type of faultTypes) expect(variants).toContain(type);
    const typeRow = tablesOf(markdown).get('faults[]')?.find((row) => row[0] === 'type');
    expect(typeRow?.[1]).toBe(`one of ${faultTypes.join(', ')}`);
  });

  it('puts descriptions from the schema in the right table', () => {
    const faults = at(schema, 'faults');
    const samples: Array<[string, string, string | undefined]> = [
      ['services[].proxies[]', 'listen', at(at(schema, 'services')?.items?.properties?.proxies?.items, 'listen')?.description],
      ['services[]', 'health.timeout', at(at(schema, 'services')?.items, 'health', 'timeout')?.description],
      ['steady_state', 'window', at(schema, 'steady_state', 'window')?.description],
      ['faults[] slicer', 'attributes.delay', at(variant(faults, 'slicer'), 'attributes', 'delay')?.description],
      ['faults[] bandwidth', 'attributes.rate', at(variant(faults, 'bandwidth'), 'attributes', 'rate')?.description],
      ['expectations[] recovers', 'within', at(variant(at(schema, 'expectations'), 'recovers'), 'within')?.description],
      ['routing', 'responder.remediation.command', at(schema, 'routing', 'responder', 'remediation', 'command')?.description],
      ['safety.rollback[]', 'timeout', at(at(schema, 'safety', 'rollback')?.items, 'timeout')?.description],
    ];
    for (const [where, field, description] of samples) {
      expect(description, `${where} ${field} in the schema`).toBeTypeOf('string');
      expect(descriptionIn(where, field), `${where} ${field}`).toBe(shown(description));
    }
    expect(descriptionIn('faults[] bandwidth', 'attributes.rate')).toMatch(/KB\/s/);
    expect(descriptionIn('faults[] slicer', 'attributes.delay')).toMatch(/MICROseconds/);
  });

  it('shows types, defaults and shorthands as a reader writes them', () => {
    const row = (where: string, field: string) => tablesOf(markdown).get(where)?.find((cells) => cells[0] === field);
    expect(row('steady_state', 'window')?.slice(1, 3)).toEqual(['duration', 'default 10s']);
    expect(row('services[]', 'start')?.[1]).toBe('string or object');
    expect(row('services[]', 'start.command')?.[2]).toBe('yes');
    expect(row('Top level', 'toxiproxy')?.[1]).toBe('URL or list of objects');
    expect(row('routing', 'escalation')?.[2]).toBe('default [{ notify: on_call }]');
    expect(row('traffic', 'duration')?.slice(1, 3)).toEqual(['run or duration', 'default run']);
    expect(markdown).toContain('**`down`**: Takes the proxy down: connections are refused until the fault ends. Not allowed: `stream`, `toxicity`, `attributes`.');
  });

  it('is GFM that remark reads as tables of four columns and writes back the same (but for padding)', () => {
    const tables = nodes(parseMarkdown(markdown) as Node).filter((node) => node.type === 'table');
    expect(tables.length).toBeGreaterThan(20);
    for (const table of tables) {
      expect(table.children?.[0]?.children?.map(text)).toEqual(['Field', 'Type', 'Required', 'Description']);
      for (const row of table.children ?? []) expect(row.children).toHaveLength(4);
    }
    // remark pads table cells to their column's width; the reference does not, to keep one short line per field.
    const unpad = (source: string): string =>
      source
        .split('\n')
        .map((line) => (line.startsWith('|') ? line.replace(/ {2,}/g, ' ').replace(/\| -+ /g, '| - ') : line))
        .join('\n');
    expect(unpad(formatMarkdown(markdown))).toBe(markdown);
  });

  it('keeps one line per field and no line breaks inside cells', () => {
    const lines = markdown.split('\n');
    const rows = lines.filter((line) => line.startsWith('| `'));
    expect(rows.every((line) => line.endsWith(' |'))).toBe(true);
    expect(lines.length).toBeLessThan(400);
  });
});

describe('the reference schema', () => {
  it('is experimentJsonSchema() with the defaults zod leaves out of transforming schemas', () => {
    const withoutAdded = (ours: unknown, theirs: unknown): unknown => {
      if (Array.isArray(ours)) return ours.map((item, index) => withoutAdded(item, (theirs as unknown[] | undefined)?.[index]));
      if (typeof ours !== 'object' || ours === null) return ours;
      const other = (typeof theirs === 'object' && theirs !== null ? theirs : {}) as Record<string, unknown>;
      return Object.fromEntries(
        Object.entries(ours)
          .filter(([key]) => key !== 'default' || 'default' in other)
          .map(([key, value]) => [key, withoutAdded(value, other[key])]),
      );
    };
    expect(withoutAdded(referenceJsonSchema(), experimentJsonSchema())).toEqual(experimentJsonSchema());
  });
});

describe('spliceReference', () => {
  const readme = `# Title\n\nBefore.\n\n${REFERENCE_START}\nold\n${REFERENCE_END}\n\nAfter.\n`;

  it('replaces only the text between the markers', () => {
    const spliced = spliceReference(readme, '| new |\n');
    expect(spliced).toBe(`# Title\n\nBefore.\n\n${REFERENCE_START}\n\n| new |\n\n${REFERENCE_END}\n\nAfter.\n`);
    expect(readReference(spliced)).toBe('| new |\n');
    expect(spliceReference(spliced, '| new |\n')).toBe(spliced);
  });

  it('refuses a README without both markers, naming them', () => {
    expect(() => spliceReference('# Title\n', 'x')).toThrow(InputError);
    expect(() => spliceReference(`${REFERENCE_END}\n${REFERENCE_START}\n`, 'x')).toThrow(/experiment-reference:start/);
  });
});
