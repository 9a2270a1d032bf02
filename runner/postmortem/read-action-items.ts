import { ITEM_SEPARATOR as SEPARATOR } from './actions.ts';
import { ACTION_ITEM_ID } from './schema.ts';

/**
 * Action items as written in the body: GitHub task-list items,
 *
 *   - [ ] AI-1a2b3c text — owner, due 2025-02-14
 *
 * The id, owner and due date are optional; the last ` — ` (em dash between spaces) separates the text from
 * `owner, due YYYY-MM-DD` (so a dash in the text is text), and the last `due YYYY-MM-DD` there is the due date
 * (so an owner may read `team, due soon`). Text is kept as written (Markdown source, escapes included).
 */
export interface ItemLine {
  /** Leading whitespace, the bullet and the space after it: `- `, `  * `. */
  lead: string;
  done: boolean;
  /** `AI-` + 6 lowercase hex, or null for an item people added without one. */
  id: string | null;
  text: string;
  owner: string | undefined;
  /** YYYY-MM-DD */
  due: string | undefined;
}

const TASK = /^(\s*[-*+][ \t]+)\[([ xX])\][ \t]+(.*)$/;
const ID_AT_START = /^(AI-[0-9a-f]{6})(?=\s|$)\s*/;
const DUE = /^due\s+(\d{4}-\d{2}-\d{2})$/;

export const parseItemLine = (line: string): ItemLine | null => {
  const match = TASK.exec(line);
  if (match === null) return null;
  const [, lead = '- ', mark = ' ', rest = ''] = match;
  const idMatch = ID_AT_START.exec(rest);
  const id = idMatch?.[1] !== undefined && ACTION_ITEM_ID.test(idMatch[1]) ? idMatch[1] : null;
  const afterId = idMatch === null ? rest : rest.slice(idMatch[0].length);
  const { text, owner, due } = splitTail(afterId.trimEnd());
  return { lead, done: mark !== ' ', id, text, owner, due };
};

const splitTail = (rest: string): { text: string; owner: string | undefined; due: string | undefined } => {
  const at = rest.lastIndexOf(SEPARATOR);
  if (at < 0) return { text: rest, owner: undefined, due: undefined };
  let owner: string | undefined;
  let due: string | undefined;
  const parts = rest.slice(at + SEPARATOR.length).split(',').map((part) => part.trim());
  const last = parts.findLastIndex((part) => DUE.test(part));
  if (last >= 0) due = DUE.exec(parts[last] as string)?.[1];
  const others = parts.filter((part, index) => index !== last && part !== '');
  if (others.length > 0) owner = others.join(', ');
  return { text: rest.slice(0, at).trimEnd(), owner, due };
};

export const formatItemLine = (item: ItemLine): string => {
  const tail = [item.owner, item.due === undefined ? undefined : `due ${item.due}`].filter(
    (part): part is string => part !== undefined && part !== '',
  );
  const head = `${item.lead}[${item.done ? 'x' : ' '}] ${item.id === null ? '' : `${item.id} `}${item.text}`;
  return tail.length === 0 ? head.trimEnd() : `${head}${SEPARATOR}${tail.join(', ')}`;
};

/** Lines that continue an item (indented deeper than its bullet, or blank lines followed by such lines). */
export const continuationLength = (lines: readonly string[], start: number, lead: string): number => {
  const indent = lead.length - lead.trimStart().length;
  let length = 0;
  let pending = 0;
  for (let i = start; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      pending += 1;
      continue;
    }
    if (line.length - line.trimStart().length <= indent) break;
    length += pending + 1;
    pending = 0;
  }
  return length;
};
