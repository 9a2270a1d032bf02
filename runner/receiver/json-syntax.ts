/**
 * Where a text stops being JSON, and what was expected there: run only after
 * JSON.parse has refused it (V8's messages do not always give a position).
 * Iterative, so deep nesting cannot overflow the stack.
 */
export interface JsonSyntaxProblem {
  /** Index of the offending character (UTF-16 code units from the start). */
  position: number;
  /** 1-based line and column of that character. */
  line: number;
  column: number;
  /** `unexpected '}'` or `unexpected end of body`. */
  found: string;
  /** `a value`, `',' or '}'`, `'"' to end the string`. */
  expected: string;
}

type Expect = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'comma-or-close' | 'end';

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

export function locateJsonError(text: string): JsonSyntaxProblem | undefined {
  const closers: string[] = [];
  let expect: Expect = 'value';
  let i = 0;
  const fail = (at: number, expected: string): JsonSyntaxProblem => problem(text, at, expected);
  const afterValue = (): Expect => (closers.length === 0 ? 'end' : 'comma-or-close');
  while (i <= text.length) {
    while (i < text.length && WHITESPACE.has(text[i]!)) i++;
    const c = text[i];
    if (c === undefined) return expect === 'end' ? undefined : fail(i, describe(expect, closers.at(-1)));
    switch (expect) {
      case 'end':
        return fail(i, 'nothing more after the value');
      case 'colon':
        if (c !== ':') return fail(i, "':'");
        i++;
        expect = 'value';
        continue;
      case 'comma-or-close':
        if (c === ',') {
          i++;
          expect = closers.at(-1) === '}' ? 'key' : 'value';
        } else if (c === closers.at(-1)) {
          i++;
          closers.pop();
          expect = afterValue();
        } else return fail(i, describe(expect, closers.at(-1)));
        continue;
      case 'key':
      case 'key-or-close':
        if (c === '}' && expect === 'key-or-close') {
          i++;
          closers.pop();
          expect = afterValue();
          continue;
        }
        if (c !== '"') return fail(i, describe(expect, '}'));
        {
          const end = skipString(text, i);
          if (typeof end !== 'number') return fail(end.at, end.expected);
          i = end;
        }
        expect = 'colon';
        continue;
      case 'value':
      case 'value-or-close':
        if (c === ']' && expect === 'value-or-close') {
          i++;
          closers.pop();
          expect = afterValue();
          continue;
        }
        if (c === '{' || c === '[') {
          closers.push(c === '{' ? '}' : ']');
          i++;
          expect = c === '{' ? 'key-or-close' : 'value-or-close';
          continue;
        }
        {
          const end = skipScalar(text, i);
          if (typeof end !== 'number') return fail(end.at, end.expected);
          i = end;
        }
        expect = afterValue();
        continue;
    }
  }
  return undefined;
}

type Skip = number | { at: number; expected: string };

function skipString(text: string, start: number): Skip {
  let i = start + 1;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 0x22) return i + 1;
    if (code < 0x20) return { at: i, expected: 'no raw control character inside a string (escape it)' };
    if (code === 0x5c) {
      const next = text[i + 1];
      if (next === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return { at: i, expected: 'four hex digits after \\u' };
        i += 6;
        continue;
      }
      if (next === undefined || !'"\\/bfnrt'.includes(next)) return { at: i + 1, expected: 'an escape: one of " \\ / b f n r t u' };
      i += 2;
      continue;
    }
    i++;
  }
  return { at: text.length, expected: "'\"' to end the string" };
}

function skipScalar(text: string, start: number): Skip {
  for (const word of ['true', 'false', 'null']) {
    if (text.startsWith(word, start)) return start + word.length;
  }
  const c = text[start]!;
  if (c === '"') return skipString(text, start);
  if (c === '-' || (c >= '0' && c <= '9')) {
    NUMBER.lastIndex = start;
    if (NUMBER.test(text)) return NUMBER.lastIndex;
    return { at: start, expected: 'a number' };
  }
  return { at: start, expected: 'a value' };
}

function describe(expect: Expect, closer: string | undefined): string {
  switch (expect) {
    case 'value':
    case 'end':
      return 'a value';
    case 'value-or-close':
      return "a value or ']'";
    case 'key':
      return "a '\"'-quoted key";
    case 'key-or-close':
      return "a '\"'-quoted key or '}'";
    case 'colon':
      return "':'";
    case 'comma-or-close':
      return `',' or '${closer ?? ''}'`;
  }
}

function problem(text: string, position: number, expected: string): JsonSyntaxProblem {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const c = text[position];
  const found = c === undefined ? 'unexpected end of body' : `unexpected ${JSON.stringify(c)}`;
  return { position, line, column: position - lineStart + 1, found, expected };
}
