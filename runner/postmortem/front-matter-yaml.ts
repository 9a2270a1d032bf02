/**
 * A postmortem's front matter as YAML, written directly: the same text the
 * `yaml` library writes (`stringify(value, { lineWidth: 0 })`) for this
 * shape (maps, lists of scalars or of maps, strings, numbers, booleans,
 * null), at a fraction of the cost. Strings are written plain when YAML
 * reads them back as the same string, else quoted as the library quotes
 * them; a string with a line break (which the library would write as a
 * block) is written double-quoted, which reads back the same. The tests
 * check that the YAML parses back to the value, and that the goldens do not
 * change.
 */

type Value = string | number | boolean | null | undefined | readonly Value[] | { readonly [key: string]: Value };

/** The YAML of a map, without the `---` fences or a final line break. */
export const yamlOf = (value: { readonly [key: string]: Value }): string => {
  const lines: string[] = [];
  writeMap(value, '', lines, null);
  return lines.join('\n');
};

/**
 * Writes a map's entries at `indent`; `first`, when given, is what the first entry's line starts with
 * instead (`  - ` for a map in a list).
 */
const writeMap = (map: { readonly [key: string]: Value }, indent: string, lines: string[], first: string | null): void => {
  let lead = first ?? indent;
  for (const key of Object.keys(map)) {
    const value = map[key];
    if (value === undefined) continue;
    const head = `${lead}${key}:`;
    lead = indent;
    if (Array.isArray(value)) {
      if (value.length === 0) lines.push(`${head} []`);
      else {
        lines.push(head);
        writeList(value as readonly Value[], `${indent}  `, lines);
      }
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.keys(value).filter((k) => (value as Record<string, Value>)[k] !== undefined);
      if (entries.length === 0) lines.push(`${head} {}`);
      else {
        lines.push(head);
        writeMap(value as { readonly [key: string]: Value }, `${indent}  `, lines, null);
      }
    } else {
      lines.push(`${head} ${scalar(value as string | number | boolean | null)}`);
    }
  }
};

const writeList = (list: readonly Value[], indent: string, lines: string[]): void => {
  for (const item of list) {
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
      writeMap(item as { readonly [key: string]: Value }, `${indent}  `, lines, `${indent}- `);
    } else if (Array.isArray(item)) {
      throw new TypeError('front matter: a list in a list is not written (the schema has none)');
    } else {
      lines.push(`${indent}- ${scalar(item as string | number | boolean | null | undefined)}`);
    }
  }
};

const scalar = (value: string | number | boolean | null | undefined): string => {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return Number.isNaN(value) ? '.nan' : value < 0 ? '-.inf' : '.inf';
    return Object.is(value, -0) ? '-0' : JSON.stringify(value);
  }
  return string(value);
};

/** Not plain (stringifyString.js plainString): an indicator first, `: ` or ` #` inside, a space or `:` last. */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
/** Read back as another type by the core schema: null, booleans, numbers. */
const OTHER_TYPE = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
];
/** Control characters and unpaired surrogates: always double-quoted. */
const FORCE_DOUBLE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;

const string = (value: string): string => {
  if (FORCE_DOUBLE.test(value) || value.includes('\n')) return doubleQuoted(value);
  // `---` or `...` are no document markers here: a value never starts a line.
  if (!NOT_PLAIN.test(value) && !OTHER_TYPE.some((test) => test.test(value))) return value;
  return value.includes('"') && !value.includes("'") ? `'${value}'` : doubleQuoted(value);
};

/** JSON's escapes (each taken whole, so `\\u` stays), with the short forms YAML and the library use for `\u00XX`. */
const doubleQuoted = (value: string): string =>
  JSON.stringify(value).replace(/\\(?:u00([0-9a-f]{2})|[^])/g, (whole, code: string | undefined) =>
    code === undefined ? whole : (SHORT[code] ?? `\\x${code}`),
  );

const SHORT: Readonly<Record<string, string>> = { '00': '\\0', '07': '\\a', '0b': '\\v', '1b': '\\e' };
