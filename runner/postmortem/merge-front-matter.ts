import { isDeepStrictEqual } from 'node:util';
import { Document, isMap, isScalar, Pair, parseDocument, YAMLMap } from 'yaml';
import { postmortemSchema, type PostmortemActionItem } from './schema.ts';

/**
 * The front matter on regeneration. People own `title`, `status`, `tags`, `related` and every key the schema
 * does not know (their own fields, e.g. `owner`); the existing values stay, comments included. Everything
 * else is the generator's and is refreshed (`timeline` too: always rewritten, added to files written before it
 * existed); `action_items` is rebuilt from the merged body. Keys follow the
 * generated order; people's own keys stay after the key they followed.
 */

export const PEOPLE_FIELDS: readonly string[] = ['title', 'status', 'tags', 'related'];
const KNOWN: readonly string[] = Object.keys(postmortemSchema.shape);

export interface MergedFrontMatter {
  yaml: string;
  warnings: string[];
}

/** `existing` and `generated` are YAML texts that parse without errors (the caller checked). */
export const mergeFrontMatter = (
  existing: string | null,
  generated: string,
  actionItems: readonly PostmortemActionItem[] | undefined,
): MergedFrontMatter => {
  const warnings: string[] = [];
  const mine = parseDocument(existing ?? '');
  const theirs = parseDocument(generated);
  const mineData = plainObject(mine.toJS());
  const theirData = plainObject(theirs.toJS());
  const mineMap = isMap(mine.contents) ? mine.contents : new YAMLMap();
  const theirMap = isMap(theirs.contents) ? theirs.contents : new YAMLMap();
  const minePairs: Entry[] = mineMap.items.map((pair) => ({ key: keyOf(pair), pair, value: mineData[keyOf(pair)] }));

  const entries: Entry[] = [];
  for (const pair of theirMap.items) {
    const key = keyOf(pair);
    const kept = minePairs.find((p) => p.key === key);
    if (key === 'action_items' && actionItems !== undefined) {
      const value = actionItems.map((item) => ({ ...item }));
      entries.push({ key, pair: new Pair(mine.createNode(key), mine.createNode(value)), value });
    } else if (kept !== undefined && (PEOPLE_FIELDS.includes(key) || !KNOWN.includes(key))) {
      entries.push(kept);
      warnings.push(...checkPeopleField(key, kept.value));
    } else entries.push({ key, pair, value: theirData[key] });
  }
  minePairs.forEach((entry, index) => {
    if (entries.some((p) => p.key === entry.key)) return;
    const before = minePairs.slice(0, index).reverse().find((p) => entries.some((q) => q.key === p.key));
    const at = before === undefined ? 0 : entries.findIndex((p) => p.key === before.key) + 1;
    entries.splice(at, 0, entry);
  });

  const value = Object.fromEntries(entries.map((entry) => [entry.key, entry.value]));
  // Unchanged values keep their text exactly: regenerating twice, or over an untouched file, changes nothing.
  if (sameData(value, theirData)) return { yaml: generated, warnings };
  if (existing !== null && sameData(value, mineData)) return { yaml: existing, warnings };
  const merged = new YAMLMap();
  merged.items = entries.map((entry) => entry.pair);
  const out = new Document();
  out.contents = merged;
  out.commentBefore = mine.commentBefore;
  out.comment = mine.comment;
  return { yaml: out.toString({ lineWidth: 0 }).replace(/\n$/, ''), warnings };
};

interface Entry {
  key: string;
  pair: Pair;
  value: unknown;
}

const plainObject = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

const keyOf = (pair: Pair): string => String(isScalar(pair.key) ? pair.key.value : pair.key);

/** Equal values with keys in the same order. */
const sameData = (a: unknown, b: unknown): boolean => isDeepStrictEqual(a, b) && JSON.stringify(a) === JSON.stringify(b);

/** A person's value that the schema would not accept is kept, and said so. */
const checkPeopleField = (key: string, value: unknown): string[] => {
  if (!PEOPLE_FIELDS.includes(key)) return [];
  const result = postmortemSchema.shape[key as 'title' | 'status' | 'tags' | 'related'].safeParse(value);
  if (result.success) return [];
  const why = result.error.issues[0]?.message ?? 'it is not valid';
  return [`front matter \`${key}\`: kept your value ${JSON.stringify(value)}, although it is not valid (${why})`];
};
