import { mergeActionItemRegions } from './merge-action-items.ts';
import { h2Text, type Body, type Chunk, type GeneratedChunk, type Section } from './read-sections.ts';
import type { PostmortemActionItem } from './schema.ts';

/**
 * The body on regeneration: the existing file's layout and people's text, with each generated region replaced
 * by the new one (the k-th region of a section by the k-th of the same section in the generated body).
 * Sections people added stay where they are; sections the generator now writes and the file lacks are added
 * after the section that precedes them in the generated body.
 */

export interface MergedBody {
  body: Body;
  /** Ids of action items whose finding is gone but which people kept: theirs now (finding null). */
  adopted: Set<string>;
  warnings: string[];
}

export const mergeBody = (
  existing: Body,
  generated: Body,
  recorded: readonly PostmortemActionItem[] | undefined,
): MergedBody => {
  const warnings: string[] = [];
  let adopted = new Set<string>();
  const theirs = new Map(generated.sections.flatMap((s) => (s.name === null ? [] : [[s.name, s] as const])));
  const sections: Section[] = [];

  for (const section of existing.sections) {
    const next = section.name === null ? undefined : theirs.get(section.name);
    if (section.name === null) sections.push(section);
    else if (next !== undefined) {
      if (section.name === 'action-items') {
        const items = mergeActionItemRegions(section, next, recorded);
        warnings.push(...items.warnings);
        adopted = items.adopted;
        const chunks = mergeChunks(section.chunks, next.chunks, items.regions);
        sections.push({ ...section, chunks: items.leftover.length === 0 ? chunks : append(chunks, items.leftover) });
      } else sections.push({ ...section, chunks: mergeChunks(section.chunks, next.chunks, regionLines(next.chunks)) });
    } else if (hasPeopleText(section)) {
      warnings.push(`section "${section.name}" is no longer generated; kept it for your text, without its generated part`);
      sections.push({ ...section, chunks: section.chunks.filter((chunk) => chunk.kind === 'text') });
    } else warnings.push(`section "${section.name}" is no longer generated and had no text of yours; removed it`);
  }

  const present = new Set(existing.sections.flatMap((s) => (s.name === null ? [] : [s.name])));
  let previous: string | null = null;
  for (const section of generated.sections) {
    if (section.name === null) continue;
    if (!present.has(section.name)) {
      insertAfter(sections, previous, section);
      warnings.push(`added section "${section.name}", which the file did not have`);
    }
    previous = section.name;
  }

  const preamble = mergeChunks(existing.preamble, generated.preamble, regionLines(generated.preamble));
  return { body: { ...existing, preamble, sections }, adopted, warnings };
};

const regionLines = (chunks: readonly Chunk[]): string[][] =>
  chunks.flatMap((chunk) => (chunk.kind === 'generated' ? [chunk.lines] : []));

/** The existing chunks with their k-th region's lines replaced by `lines[k]` (markers from the generated k-th). */
export const mergeChunks = (existing: readonly Chunk[], generated: readonly Chunk[], lines: readonly string[][]): Chunk[] => {
  const regions = generated.filter((chunk): chunk is GeneratedChunk => chunk.kind === 'generated');
  const out: Chunk[] = [];
  let k = 0;
  let lastRegion = -1;
  for (const chunk of existing) {
    if (chunk.kind === 'text') out.push({ kind: 'text', lines: [...chunk.lines] });
    else if (k < regions.length) {
      out.push(refreshed(regions[k] as GeneratedChunk, lines[k]));
      lastRegion = out.length - 1;
      k += 1;
    }
  }
  const extra = regions.slice(k).map((region, i) => refreshed(region, lines[k + i]));
  if (extra.length === 0) return out;
  if (lastRegion >= 0) {
    out.splice(lastRegion + 1, 0, ...extra.flatMap((region) => [blank(), region]));
    return out;
  }
  return insertAfterHeading(out, extra);
};

const refreshed = (region: GeneratedChunk, lines: readonly string[] | undefined): GeneratedChunk => ({
  ...region,
  lines: [...(lines ?? region.lines)],
});

const blank = (): Chunk => ({ kind: 'text', lines: [''] });

/** People removed every region of this part; the generated ones go back right after its heading. */
const insertAfterHeading = (chunks: Chunk[], regions: GeneratedChunk[]): Chunk[] => {
  const index = chunks.findIndex((chunk) => chunk.kind === 'text' && chunk.lines.some(isHeading));
  const chunk = chunks[index];
  const additions: Chunk[] = regions.flatMap((region, i) => (i === 0 ? [region] : [blank(), region]));
  if (chunk === undefined || chunk.kind !== 'text') return [...additions, blank(), ...chunks];
  let split = chunk.lines.findIndex(isHeading) + 1;
  if (chunk.lines[split] === '') split += 1;
  const before = chunk.lines.slice(0, split);
  const after = chunk.lines.slice(split);
  if (before[before.length - 1] !== '') before.push('');
  if (after.length > 0 && after[0] !== '') after.unshift('');
  return [
    ...chunks.slice(0, index),
    { kind: 'text', lines: before },
    ...additions,
    ...(after.length > 0 ? [{ kind: 'text' as const, lines: after }] : []),
    ...chunks.slice(index + 1),
  ];
};

const isHeading = (line: string): boolean => h2Text(line) !== null || /^ {0,3}#(?=[ \t]|$)/.test(line);

/** Lines appended at the end of the section, before its trailing blank lines. */
const append = (chunks: Chunk[], lines: readonly string[]): Chunk[] => {
  const last = chunks[chunks.length - 1];
  let trailing = 0;
  if (last !== undefined && last.kind === 'text') {
    while (trailing < last.lines.length && last.lines[last.lines.length - 1 - trailing] === '') trailing += 1;
    const keep = last.lines.slice(0, last.lines.length - trailing);
    const tail = last.lines.slice(last.lines.length - trailing);
    return [...chunks.slice(0, -1), { kind: 'text', lines: [...keep, ...lines, ...(tail.length > 0 ? tail : [''])] }];
  }
  return [...chunks, { kind: 'text', lines: [...lines, ''] }];
};

/** Any non-blank line outside generated regions other than the section's marker and heading. */
const hasPeopleText = (section: Section): boolean =>
  section.chunks.some(
    (chunk) =>
      chunk.kind === 'text' &&
      chunk.lines.some((line) => line.trim() !== '' && !/<!--\s*gameday:section\b/.test(line) && h2Text(line) === null),
  );

/** Inserts a generated section after the named one (or before the first generated section, when null). */
const insertAfter = (sections: Section[], previous: string | null, section: Section): void => {
  const at =
    previous === null
      ? Math.max(0, sections.findIndex((s) => s.name !== null))
      : sections.findIndex((s) => s.name === previous) + 1;
  const index = previous !== null && at === 0 ? sections.length : at;
  const before = sections[index - 1];
  if (before !== undefined) endWithBlank(before);
  sections.splice(index, 0, { ...section, chunks: withOneTrailingBlank(section.chunks) });
};

const endWithBlank = (section: Section): void => {
  const last = section.chunks[section.chunks.length - 1];
  if (last !== undefined && last.kind === 'text' && last.lines[last.lines.length - 1] === '') return;
  section.chunks.push(blank());
};

const withOneTrailingBlank = (chunks: readonly Chunk[]): Chunk[] => {
  const copy = chunks.map((chunk): Chunk => ({ ...chunk, lines: [...chunk.lines] }));
  const last = copy[copy.length - 1];
  if (last !== undefined && last.kind === 'text') {
    while (last.lines.length > 0 && last.lines[last.lines.length - 1]?.trim() === '') last.lines.pop();
    if (last.lines.length === 0) copy.pop();
  }
  copy.push(blank());
  return copy;
};
