/**
 * Text from outside goes into the journal, the terminal and the postmortem.
 * Control characters (C0, DEL, C1: terminal escapes, newlines that would
 * break a one-line title) and bidirectional overrides (which make text read
 * differently than it is stored) become one space; the rest (HTML, markdown)
 * is kept as text, and escaped by whoever renders it.
 */
const UNSAFE_RUN = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/g;

/** PagerDuty's bound on a summary, and ours on every short text field, in UTF-16 code units. */
export const MAX_TEXT = 1024;

/** `value` made safe (see above), trimmed, and cut to `max` code units as PagerDuty truncates a summary. */
export function cleanText(value: string, max = MAX_TEXT): string {
  return truncate(value.replace(UNSAFE_RUN, ' ').trim(), max);
}

/** The first `max` code units of `value`, never ending in half a surrogate pair. */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  const last = value.charCodeAt(max - 1);
  return value.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

/** `cleanText` of the first value that is a non-blank string once cleaned; undefined if none is. */
export function firstText(...values: readonly unknown[]): string | undefined {
  for (const value of values) {
    if (typeof value !== 'string') continue;
    const text = cleanText(value);
    if (text !== '') return text;
  }
  return undefined;
}
