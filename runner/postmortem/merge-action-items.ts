import { escapeMarkdown } from './escape.ts';
import { parseMarkdown } from './markdown.ts';
import { continuationLength, formatItemLine, parseItemLine, type ItemLine } from './read-action-items.ts';
import type { Chunk, GeneratedChunk, Section } from './read-sections.ts';
import type { PostmortemActionItem } from './schema.ts';

/**
 * The action-items section on regeneration (contract: /work/notes/postmortem-design.md). Items are matched by
 * AI id across the section's generated regions:
 * - an item in both keeps the person's tick, text, owner and due date (owner/due fall back to the generator's);
 * - an item only the generator has is added; an item people added (no id, or an id the generator never wrote)
 *   is kept after the item it followed;
 * - a generated item whose finding is gone is kept when ticked or edited (it becomes the person's: finding
 *   null), else dropped;
 * - an item people moved out of the generated region stays where they put it, and is not generated twice.
 */

interface Block {
  item: ItemLine;
  /** The item line and its continuation lines (people's sub-notes). */
  lines: string[];
}

type Segment = { line: string } | { block: Block };

/** Splits region lines into machine lines and item blocks. */
const segments = (lines: readonly string[]): Segment[] => {
  const out: Segment[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    const item = parseItemLine(line);
    if (item === null) {
      out.push({ line });
      continue;
    }
    const extra = continuationLength(lines, i + 1, item.lead);
    out.push({ block: { item, lines: lines.slice(i, i + 1 + extra) } });
    i += extra;
  }
  return out;
};

const blocksOf = (chunks: readonly Chunk[]): Block[] =>
  chunks.flatMap((chunk) =>
    chunk.kind === 'generated' ? segments(chunk.lines).flatMap((s) => ('block' in s ? [s.block] : [])) : [],
  );

const idsInText = (chunks: readonly Chunk[]): Set<string> =>
  new Set(
    chunks.flatMap((chunk) =>
      chunk.kind === 'text' ? chunk.lines.flatMap((line) => parseItemLine(line)?.id ?? []) : [],
    ),
  );

/** Same value as the front matter recorded, in Markdown source or as plain text. */
const same = (body: string | undefined, recorded: string | undefined): boolean =>
  body === recorded ||
  (body !== undefined && recorded !== undefined && (body === escapeMarkdown(recorded) || textOfMarkdown(body) === recorded));

interface MarkdownNode {
  type: string;
  value?: string;
  children?: MarkdownNode[];
}

/**
 * What Markdown from an item line reads as: its text, escapes resolved, links as their text. Parsed after a
 * word, as on the item's line (where `# x` or `1. x` start nothing). Only for the merge's comparisons.
 */
const textOfMarkdown = (markdown: string): string => {
  const collect = (node: MarkdownNode): string =>
    node.type === 'text' || node.type === 'inlineCode' ? (node.value ?? '') : (node.children ?? []).map(collect).join('');
  return collect(parseMarkdown(`x ${markdown}`) as MarkdownNode).slice(2);
};

interface Entry {
  lines: string[];
  /** Index in the existing file's region items, when the entry came from there. */
  from: number | null;
  isItem: boolean;
}

export interface MergedRegions {
  /** New lines for each of the generated file's regions in this section, by index. */
  regions: string[][];
  /** Items that found no region to go in (the generated section has none); the caller appends them. */
  leftover: string[];
  /** Ids of kept items whose finding is gone: the person's now (finding null in the front matter). */
  adopted: Set<string>;
  warnings: string[];
}

export const mergeActionItemRegions = (
  existing: Section,
  generated: Section,
  recorded: readonly PostmortemActionItem[] | undefined,
): MergedRegions => {
  const warnings: string[] = [];
  const adopted = new Set<string>();
  const movedOut = idsInText(existing.chunks);
  const mine = blocksOf(existing.chunks);
  const mineById = new Map<string, number>();
  mine.forEach((block, index) => {
    if (block.item.id !== null && !mineById.has(block.item.id)) mineById.set(block.item.id, index);
  });
  const generatedIds = new Set(blocksOf(generated.chunks).flatMap((block) => block.item.id ?? []));

  const regions: Entry[][] = generated.chunks
    .filter((chunk): chunk is GeneratedChunk => chunk.kind === 'generated')
    .map((chunk) =>
      segments(chunk.lines).flatMap((segment): Entry[] => {
        if ('line' in segment) return [{ lines: [segment.line], from: null, isItem: false }];
        const id = segment.block.item.id;
        if (id !== null && movedOut.has(id)) return [];
        const index = id === null ? undefined : mineById.get(id);
        if (index === undefined) return [{ lines: segment.block.lines, from: null, isItem: true }];
        return [{ lines: keepEdits(mine[index] as Block, segment.block), from: index, isItem: true }];
      }),
    );

  const leftover: string[] = [];
  mine.forEach((block, index) => {
    const id = block.item.id;
    const duplicate = id !== null && mineById.get(id) !== index;
    if (id !== null && (movedOut.has(id) || (!duplicate && generatedIds.has(id)))) return;
    const record = id === null || duplicate ? undefined : recorded?.find((r) => r.id === id);
    if (id !== null && record !== undefined && record.finding !== null) {
      const edited =
        !same(block.item.text, record.text) || !same(block.item.owner, record.owner) || block.item.due !== record.due;
      if (!block.item.done && !edited) {
        warnings.push(`dropped action item ${id}: its finding is gone and it was neither ticked nor edited`);
        return;
      }
      adopted.add(id);
      warnings.push(`kept action item ${id}: its finding is gone, but it was ticked or edited`);
    }
    if (!place(regions, { lines: block.lines, from: index, isItem: true })) leftover.push(...block.lines);
  });

  return { regions: regions.map((entries) => entries.flatMap((entry) => entry.lines)), leftover, adopted, warnings };
};

/** The existing item with the person's tick, text, owner and due date; the generator fills what they left empty. */
const keepEdits = (mine: Block, theirs: Block): string[] => {
  const merged: ItemLine = {
    ...mine.item,
    owner: mine.item.owner ?? theirs.item.owner,
    due: mine.item.due ?? theirs.item.due,
  };
  const unchanged = merged.owner === mine.item.owner && merged.due === mine.item.due;
  const line = unchanged ? (mine.lines[0] as string) : formatItemLine(merged);
  const continuation = mine.lines.length > 1 ? mine.lines.slice(1) : theirs.lines.slice(1);
  return [line, ...continuation];
};

/**
 * Puts an item people kept right after the entry from the existing file that preceded it; with none, before
 * the first generated item (or at the end of the first region). False when there is no region at all.
 */
const place = (regions: Entry[][], entry: Entry): boolean => {
  const from = entry.from ?? -1;
  let best: { region: Entry[]; at: number; from: number } | undefined;
  for (const region of regions) {
    region.forEach((candidate, at) => {
      if (candidate.from !== null && candidate.from < from && (best === undefined || candidate.from > best.from)) {
        best = { region, at, from: candidate.from };
      }
    });
  }
  const found = best as { region: Entry[]; at: number } | undefined;
  if (found !== undefined) {
    found.region.splice(found.at + 1, 0, entry);
    return true;
  }
  for (const region of regions) {
    const first = region.findIndex((candidate) => candidate.isItem);
    if (first >= 0) {
      region.splice(first, 0, entry);
      return true;
    }
  }
  const region = regions[0];
  if (region === undefined) return false;
  let end = region.length;
  while (end > 0 && region[end - 1]?.isItem === false && region[end - 1]?.lines.join('').trim() === '') end -= 1;
  region.splice(end, 0, entry);
  return true;
};

/** Undoes escapeMarkdown (backslash escapes of ASCII punctuation, &amp; &lt; &gt;): plain text for the front matter. */
export const plainText = (markdown: string): string =>
  markdown
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/**
 * The front matter's action_items, from the merged section: every item with an id, in order, as ticked and
 * assigned in the body. Text the generator wrote keeps its own front-matter text; edited text is unescaped.
 */
export const frontMatterItems = (
  merged: Section,
  generated: Section,
  generatedRecords: readonly PostmortemActionItem[] | undefined,
  adopted: ReadonlySet<string>,
): PostmortemActionItem[] => {
  const theirs = new Map(blocksOf(generated.chunks).flatMap((b) => (b.item.id === null ? [] : [[b.item.id, b.item]])));
  const items: PostmortemActionItem[] = [];
  for (const line of merged.chunks.flatMap((chunk) => chunk.lines)) {
    const item = parseItemLine(line);
    if (item === null || item.id === null || items.some((i) => i.id === item.id)) continue;
    const generatedItem = theirs.get(item.id);
    const record = generatedRecords?.find((r) => r.id === item.id);
    const text = generatedItem?.text === item.text && record !== undefined ? record.text : plainText(item.text);
    const owner =
      generatedItem?.owner === item.owner && record !== undefined
        ? record.owner
        : item.owner === undefined
          ? undefined
          : plainText(item.owner);
    items.push({
      id: item.id,
      text: text === '' ? item.id : text,
      ...(owner === undefined ? {} : { owner }),
      ...(item.due === undefined ? {} : { due: item.due }),
      done: item.done,
      finding: adopted.has(item.id) || record === undefined ? null : record.finding,
    });
  }
  return items;
};
