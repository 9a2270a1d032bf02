/**
 * The structure of a postmortem body (the Markdown after the front matter), read from the marker comments of
 * the file format (/work/notes/postmortem-design.md):
 *
 *   <!-- gameday:section NAME -->   starts a section; its `## Heading` follows
 *   <!-- gameday:generated -->      starts machine-owned text inside a section (or before the first section)
 *   <!-- gameday:end -->            ends it
 *
 * A `##` heading without a section marker starts a section people added (name null). Markers and headings
 * inside fenced code blocks are text. The parse is lossless: `renderBody(parseBody(text)) === text`, so a
 * merge can keep people's text byte for byte. Lines are split on `\n` (callers normalise CRLF first).
 */

export interface TextChunk {
  kind: 'text';
  lines: string[];
}

export interface GeneratedChunk {
  kind: 'generated';
  /** The `<!-- gameday:generated -->` line, as written. */
  open: string;
  /** The machine-owned lines between the markers. */
  lines: string[];
  /** The `<!-- gameday:end -->` line as written; null when the region was never closed (a problem). */
  close: string | null;
  /** 1-based line of the opening marker in the file. */
  line: number;
}

export type Chunk = TextChunk | GeneratedChunk;

export interface Section {
  /** The gameday:section marker's name; null for a section people added (a `##` heading with no marker). */
  name: string | null;
  /** The text of the section's `##` heading, '' when it has none. */
  heading: string;
  /** 1-based line in the file where the section starts (its marker, or its heading). */
  line: number;
  /** Everything from the section's first line to the next section, the marker and heading included. */
  chunks: Chunk[];
}

export interface BodyProblem {
  /** 1-based line in the file. */
  line: number;
  message: string;
}

export interface Body {
  /** What comes before the first section (the `# Title`, an intro). */
  preamble: Chunk[];
  sections: Section[];
  /** Markers that do not pair up; a merge must not trust such a body. */
  problems: BodyProblem[];
  /** True when any gameday marker (outside code) is present, i.e. the body came from the generator. */
  hasMarkers: boolean;
}

const SECTION_MARKER = /^ {0,3}<!--\s*gameday:section\s+([A-Za-z0-9_-]+)\s*-->\s*$/;
const GENERATED_MARKER = /^ {0,3}<!--\s*gameday:generated\b[^>]*-->\s*$/;
const END_MARKER = /^ {0,3}<!--\s*gameday:end\s*-->\s*$/;
const H2 = /^ {0,3}##(?=[ \t]|$)/;
const FENCE_OPEN = /^ {0,3}(`{3,}(?=[^`]*$)|~{3,})/;

/** Text of a `##` heading line, or null when the line is not one. */
export const h2Text = (line: string): string | null =>
  H2.test(line) ? line.replace(H2, '').replace(/[ \t]+#+[ \t]*$/, '').trim() : null;

/** `firstLine`: the file's line number of the body's first line, so that every line number is the file's. */
export const parseBody = (text: string, firstLine = 1): Body => {
  const body: Body = { preamble: [], sections: [], problems: [], hasMarkers: false };
  let chunks = body.preamble;
  let current: Section | null = null;
  let awaitingHeading = false;
  let region: GeneratedChunk | null = null;
  let fence: { char: string; length: number } | null = null;
  const names = new Map<string, number>();

  const pushText = (line: string): void => {
    const last = chunks[chunks.length - 1];
    if (last !== undefined && last.kind === 'text') last.lines.push(line);
    else chunks.push({ kind: 'text', lines: [line] });
  };
  const startSection = (name: string | null, heading: string, line: number): void => {
    current = { name, heading, line, chunks: [] };
    body.sections.push(current);
    chunks = current.chunks;
  };
  const closeRegionEarly = (line: number, why: string): void => {
    if (region === null) return;
    body.problems.push({ line: region.line, message: `gameday:generated has no gameday:end before ${why} on line ${line}` });
    region = null;
  };

  text.split('\n').forEach((line, index) => {
    const lineNo = index + firstLine;
    if (fence !== null) {
      if (isFenceClose(line, fence)) fence = null;
      if (region !== null) region.lines.push(line);
      else pushText(line);
      return;
    }
    const opening = FENCE_OPEN.exec(line);
    if (opening !== null) {
      const marks = opening[1] ?? '```';
      fence = { char: marks[0] ?? '`', length: marks.length };
    }

    const sectionName = opening === null ? SECTION_MARKER.exec(line)?.[1] : undefined;
    if (sectionName !== undefined) {
      body.hasMarkers = true;
      closeRegionEarly(lineNo, `the next section marker`);
      const seen = names.get(sectionName);
      if (seen !== undefined) {
        body.problems.push({ line: lineNo, message: `section "${sectionName}" appears twice (first on line ${seen})` });
      } else names.set(sectionName, lineNo);
      startSection(sectionName, '', lineNo);
      awaitingHeading = true;
      pushText(line);
      return;
    }
    if (region !== null) {
      if (opening === null && END_MARKER.test(line)) {
        region.close = line;
        region = null;
      } else if (opening === null && GENERATED_MARKER.test(line)) {
        body.problems.push({ line: lineNo, message: `gameday:generated inside the region opened on line ${region.line}` });
        region.lines.push(line);
      } else region.lines.push(line);
      return;
    }
    if (opening === null && GENERATED_MARKER.test(line)) {
      body.hasMarkers = true;
      awaitingHeading = false;
      region = { kind: 'generated', open: line, lines: [], close: null, line: lineNo };
      chunks.push(region);
      return;
    }
    if (opening === null && END_MARKER.test(line)) {
      body.hasMarkers = true;
      body.problems.push({ line: lineNo, message: 'gameday:end without a gameday:generated before it' });
      pushText(line);
      return;
    }
    const heading = opening === null ? h2Text(line) : null;
    if (heading !== null) {
      const section = current as Section | null;
      if (awaitingHeading && section !== null) section.heading = heading;
      else startSection(null, heading, lineNo);
      awaitingHeading = false;
      pushText(line);
      return;
    }
    if (line.trim() !== '') awaitingHeading = false;
    pushText(line);
  });
  const open = region as GeneratedChunk | null;
  if (open !== null) body.problems.push({ line: open.line, message: 'gameday:generated has no gameday:end' });
  return body;
};

const isFenceClose = (line: string, fence: { char: string; length: number }): boolean => {
  const match = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
  const marks = match?.[1];
  return marks !== undefined && marks[0] === fence.char && marks.length >= fence.length;
};

export const chunkLines = (chunk: Chunk): string[] =>
  chunk.kind === 'text' ? chunk.lines : [chunk.open, ...chunk.lines, ...(chunk.close === null ? [] : [chunk.close])];

export const renderChunks = (chunks: readonly Chunk[]): string[] => chunks.flatMap(chunkLines);

export const renderBody = (body: Body): string =>
  [...renderChunks(body.preamble), ...body.sections.flatMap((section) => renderChunks(section.chunks))].join('\n');

/** The section's Markdown without gameday marker lines (what a reader shows). */
export const sectionMarkdown = (section: Section): string =>
  section.chunks
    .flatMap((chunk) => (chunk.kind === 'text' ? chunk.lines.filter((line) => !SECTION_MARKER.test(line)) : chunk.lines))
    .join('\n')
    .trim();
