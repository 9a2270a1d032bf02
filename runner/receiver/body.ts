import { invalidBody } from './errors.ts';
import { locateJsonError } from './json-syntax.ts';

/**
 * Deepest nesting of arrays and objects accepted. Real alert bodies nest 3–5
 * deep; a deeper one could not be written to the journal (JSON.stringify
 * recurses, and overflows the stack thousands of levels down).
 */
export const MAX_DEPTH = 64;

/**
 * The body as a JSON value, or a 400 that says where and why it is not
 * JSON. UTF-8, an initial byte order mark ignored; bytes that are not UTF-8
 * become U+FFFD, as Node decodes them.
 */
export function readJson(body: Buffer): unknown {
  let text = body.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (text.trim() === '') throw invalidBody('body is empty; send one JSON value');
    const where = locateJsonError(text);
    const detail = where
      ? `${where.found} at line ${where.line}, column ${where.column} (character ${where.position}); expected ${where.expected}`
      : (error as Error).message;
    throw invalidBody(`body is not valid JSON: ${detail}`);
  }
  if (depthOver(value, MAX_DEPTH)) throw invalidBody(`body nests arrays and objects more than ${MAX_DEPTH} levels deep`);
  return value;
}

/** Whether `value` nests deeper than `max` levels; walks without recursion. */
function depthOver(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth + 1 > max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}
