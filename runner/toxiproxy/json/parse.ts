import { JsonDecodeError } from './errors.ts';
import { quoteChar } from './quote-char.ts';
import { decodeUtf8 } from './utf8.ts';
import type { JsonValue } from './value.ts';

/** Go's limit on nested arrays and objects (encoding/json maxNestingDepth). */
const MAX_DEPTH = 10_000;

type Frame = { kind: 'array'; items: JsonValue[] } | { kind: 'object'; entries: [string, JsonValue][]; key: string };

const enum Byte {
  Tab = 0x09,
  Newline = 0x0a,
  Return = 0x0d,
  Space = 0x20,
  Quote = 0x22,
  Plus = 0x2b,
  Comma = 0x2c,
  Minus = 0x2d,
  Dot = 0x2e,
  Zero = 0x30,
  Nine = 0x39,
  Colon = 0x3a,
  OpenBracket = 0x5b,
  Backslash = 0x5c,
  CloseBracket = 0x5d,
  OpenBrace = 0x7b,
  CloseBrace = 0x7d,
}

const simpleEscapes: Record<number, string> = {
  0x22: '"',
  0x5c: '\\',
  0x2f: '/',
  0x62: '\b',
  0x66: '\f',
  0x6e: '\n',
  0x72: '\r',
  0x74: '\t',
};

/**
 * Reads the first JSON value of a request body the way Go's `json.Decoder`
 * does: leading whitespace is skipped, anything after the value is ignored
 * (`{...} trailing garbage` is fine), and problems are reported with Go's
 * texts: `EOF` for a body with no value at all, `unexpected EOF` for one cut
 * short, `invalid character 'x' <where>` for a syntax error. Iterative, so
 * deep nesting cannot overflow the stack; Go's depth limit applies.
 */
export function parseFirstValue(bytes: Uint8Array): JsonValue {
  return new Parser(bytes).parse();
}

class Parser {
  private pos = 0;

  constructor(private readonly bytes: Uint8Array) {}

  parse(): JsonValue {
    this.skipSpace();
    if (this.pos >= this.bytes.length) throw new JsonDecodeError('EOF');
    const stack: Frame[] = [];
    for (;;) {
      let value = this.valueOrOpen(stack);
      // A finished value goes into its container, which may finish in turn.
      while (value !== undefined) {
        const top = stack.at(-1);
        if (top === undefined) return value;
        value = top.kind === 'array' ? this.afterElement(stack, top, value) : this.afterMember(stack, top, value);
      }
    }
  }

  /** A scalar or an empty container; undefined when a container opened and its first value comes next. */
  private valueOrOpen(stack: Frame[]): JsonValue | undefined {
    this.skipSpace();
    const c = this.next();
    switch (c) {
      case Byte.OpenBrace: {
        const frame: Frame = { kind: 'object', entries: [], key: '' };
        this.push(stack, frame, c);
        this.skipSpace();
        const d = this.next();
        if (d === Byte.CloseBrace) {
          stack.pop();
          return { kind: 'object', entries: [] };
        }
        frame.key = this.key(d);
        return undefined;
      }
      case Byte.OpenBracket:
        this.push(stack, { kind: 'array', items: [] }, c);
        this.skipSpace();
        if (this.peek() !== Byte.CloseBracket) return undefined;
        this.pos++;
        stack.pop();
        return { kind: 'array', items: [] };
      case Byte.Quote:
        return { kind: 'string', value: this.stringBody() };
      case 0x74: // t
        this.literal('true');
        return { kind: 'bool', value: true };
      case 0x66: // f
        this.literal('false');
        return { kind: 'bool', value: false };
      case 0x6e: // n
        this.literal('null');
        return { kind: 'null' };
      default:
        if (c === Byte.Minus || isDigit(c)) return this.number(c);
        throw this.error(c, 'looking for beginning of value');
    }
  }

  private afterElement(stack: Frame[], frame: Frame & { kind: 'array' }, value: JsonValue): JsonValue | undefined {
    frame.items.push(value);
    this.skipSpace();
    const c = this.next();
    if (c === Byte.Comma) return undefined;
    if (c !== Byte.CloseBracket) throw this.error(c, 'after array element');
    stack.pop();
    return { kind: 'array', items: frame.items };
  }

  private afterMember(stack: Frame[], frame: Frame & { kind: 'object' }, value: JsonValue): JsonValue | undefined {
    frame.entries.push([frame.key, value]);
    this.skipSpace();
    const c = this.next();
    if (c === Byte.Comma) {
      this.skipSpace();
      frame.key = this.key(this.next());
      return undefined;
    }
    if (c !== Byte.CloseBrace) throw this.error(c, 'after object key:value pair');
    stack.pop();
    return { kind: 'object', entries: frame.entries };
  }

  /** A member's key, `first` being the byte that should open it, and the colon after it. */
  private key(first: number): string {
    if (first !== Byte.Quote) throw this.error(first, 'looking for beginning of object key string');
    const key = this.stringBody();
    this.skipSpace();
    const c = this.next();
    if (c !== Byte.Colon) throw this.error(c, 'after object key');
    return key;
  }

  private push(stack: Frame[], frame: Frame, opener: number): void {
    stack.push(frame);
    if (stack.length > MAX_DEPTH) throw this.error(opener, 'exceeded max depth');
  }

  /** The number whose first byte (`-` or a digit) was just read; its text is kept as written. */
  private number(first: number): JsonValue {
    const start = this.pos - 1;
    let c = first;
    if (c === Byte.Minus) {
      c = this.next();
      if (!isDigit(c)) throw this.error(c, 'in numeric literal');
    }
    if (c !== Byte.Zero) this.skipDigits();
    if (this.peek() === Byte.Dot) {
      this.pos++;
      const d = this.next();
      if (!isDigit(d)) throw this.error(d, 'after decimal point in numeric literal');
      this.skipDigits();
    }
    const e = this.peek();
    if (e === 0x65 || e === 0x45) {
      this.pos++;
      let d = this.next();
      if (d === Byte.Plus || d === Byte.Minus) d = this.next();
      if (!isDigit(d)) throw this.error(d, 'in exponent of numeric literal');
      this.skipDigits();
    }
    return { kind: 'number', text: Buffer.from(this.bytes.subarray(start, this.pos)).toString('latin1') };
  }

  private literal(word: 'true' | 'false' | 'null'): void {
    for (let i = 1; i < word.length; i++) {
      const c = this.next();
      const expected = word.charCodeAt(i);
      if (c !== expected) throw this.error(c, `in literal ${word} (expecting '${word[i]}')`);
    }
  }

  /** The rest of a string whose opening quote was just read, unescaped as Go does. */
  private stringBody(): string {
    let out = '';
    let runStart = this.pos;
    for (;;) {
      const c = this.next();
      if (c === Byte.Quote) return out + this.raw(runStart, this.pos - 1);
      if (c < Byte.Space) throw this.error(c, 'in string literal');
      if (c !== Byte.Backslash) continue;
      out += this.raw(runStart, this.pos - 1) + this.escape();
      runStart = this.pos;
    }
  }

  /** One escape after its backslash. A \u surrogate that is not part of a valid pair becomes U+FFFD, like Go. */
  private escape(): string {
    const c = this.next();
    const simple = simpleEscapes[c];
    if (simple !== undefined) return simple;
    if (c !== 0x75) throw this.error(c, 'in string escape code');
    const code = this.hex4();
    if (code < 0xd800 || code > 0xdfff) return String.fromCharCode(code);
    const low = this.followingLowSurrogate();
    if (code <= 0xdbff && low !== undefined) {
      this.pos += 6;
      return String.fromCharCode(code, low);
    }
    return '\ufffd';
  }

  private hex4(): number {
    let code = 0;
    for (let i = 0; i < 4; i++) {
      const c = this.next();
      const digit = hexValue(c);
      if (digit < 0) throw this.error(c, 'in \\u hexadecimal character escape');
      code = code * 16 + digit;
    }
    return code;
  }

  /** The low surrogate of a `\uXXXX` right here, without consuming it. */
  private followingLowSurrogate(): number | undefined {
    const b = this.bytes;
    const p = this.pos;
    if (b[p] !== Byte.Backslash || b[p + 1] !== 0x75) return undefined;
    let code = 0;
    for (let i = p + 2; i < p + 6; i++) {
      const digit = hexValue(b[i] ?? -1);
      if (digit < 0) return undefined;
      code = code * 16 + digit;
    }
    return code >= 0xdc00 && code <= 0xdfff ? code : undefined;
  }

  private raw(start: number, end: number): string {
    return start === end ? '' : decodeUtf8(this.bytes.subarray(start, end));
  }

  private skipDigits(): void {
    while (isDigit(this.peek())) this.pos++;
  }

  private skipSpace(): void {
    for (;;) {
      const c = this.peek();
      if (c !== Byte.Space && c !== Byte.Tab && c !== Byte.Newline && c !== Byte.Return) return;
      this.pos++;
    }
  }

  /** The next byte; the body ending here, inside a value, is Go's `unexpected EOF`. */
  private next(): number {
    const c = this.bytes[this.pos];
    if (c === undefined) throw new JsonDecodeError('unexpected EOF');
    this.pos++;
    return c;
  }

  /** The next byte without consuming it, -1 at the end. */
  private peek(): number {
    return this.bytes[this.pos] ?? -1;
  }

  private error(c: number, where: string): JsonDecodeError {
    return new JsonDecodeError(`invalid character ${quoteChar(c)} ${where}`);
  }
}

const isDigit = (c: number): boolean => c >= Byte.Zero && c <= Byte.Nine;

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}
