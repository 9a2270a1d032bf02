import { decodeUtf8 } from '../json/utf8.ts';

export type ParsedTarget =
  | { readonly ok: true; readonly path: string; readonly query: string | undefined }
  | { readonly ok: false };

/**
 * Splits a request target as Go's url.ParseRequestURI does: an absolute URL
 * keeps only its path; the query starts at the first `?`; the path is
 * percent-decoded (`%2F` becomes `/`, `+` stays `+`). A bad escape such as
 * `%zz` makes the target unparsable (Go answers 400 before any handler).
 */
export function parseTarget(target: string): ParsedTarget {
  let rest = target;
  const absolute = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?]*/.exec(rest);
  if (absolute) rest = rest.slice(absolute[0].length);
  const q = rest.indexOf('?');
  const query = q < 0 ? undefined : rest.slice(q + 1);
  const path = percentDecode(q < 0 ? rest : rest.slice(0, q));
  return path === undefined ? { ok: false } : { ok: true, path, query };
}

function percentDecode(raw: string): string | undefined {
  if (!raw.includes('%')) return raw;
  const bytes: number[] = [];
  const source = Buffer.from(raw, 'utf8');
  for (let i = 0; i < source.length; i++) {
    const b = source[i] ?? 0;
    if (b !== 0x25) {
      bytes.push(b);
      continue;
    }
    const hex = source.subarray(i + 1, i + 3).toString('latin1');
    if (!/^[0-9a-fA-F]{2}$/.test(hex)) return undefined;
    bytes.push(parseInt(hex, 16));
    i += 2;
  }
  return decodeUtf8(Uint8Array.from(bytes));
}

/**
 * gorilla/mux's cleanPath: Go's path.Clean (one slash between elements, no
 * `.`, `..` resolved, never above the root) keeping a trailing slash.
 */
export function cleanPath(path: string): string {
  if (path === '') return '/';
  const rooted = path.startsWith('/') ? path : `/${path}`;
  const out: string[] = [];
  for (const element of rooted.split('/')) {
    if (element === '' || element === '.') continue;
    if (element === '..') out.pop();
    else out.push(element);
  }
  const clean = `/${out.join('/')}`;
  return rooted.endsWith('/') && clean !== '/' ? `${clean}/` : clean;
}

/** Go's url.PathEscape rules for a whole path (escape(s, encodePath)): what a redirect's Location carries. */
export function escapePath(path: string): string {
  let out = '';
  for (const byte of Buffer.from(path, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~$&+,/:;=@]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
