/**
 * How Go's JSON scanner quotes the offending byte in a syntax error: the byte
 * read as a code point (0x00–0xFF) and written like `strconv.Quote`, between
 * single quotes: `'x'`, `'\''`, `'"'`, `'\\'`, `'\n'`, `'\x01'`, `'\u0080'`, `'é'`.
 */
export function quoteChar(byte: number): string {
  if (byte === 0x27) return `'\\''`;
  if (byte === 0x22) return `'"'`;
  return `'${quoteRune(byte)}'`;
}

const shortEscapes: Record<number, string> = {
  0x07: '\\a',
  0x08: '\\b',
  0x09: '\\t',
  0x0a: '\\n',
  0x0b: '\\v',
  0x0c: '\\f',
  0x0d: '\\r',
  0x5c: '\\\\',
};

function quoteRune(code: number): string {
  const short = shortEscapes[code];
  if (short !== undefined) return short;
  if (code < 0x20 || code === 0x7f) return `\\x${hex(code, 2)}`;
  // Go's strconv.IsPrint: C1 controls, the no-break space and the soft hyphen are not printable.
  if ((code >= 0x80 && code <= 0xa0) || code === 0xad) return `\\u${hex(code, 4)}`;
  return String.fromCharCode(code);
}

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');
