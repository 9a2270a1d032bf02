import { cleanText } from './text.ts';

export interface Link {
  href: string;
  text?: string;
}

/** Longest href kept, in characters; longer ones are dropped, not cut (a cut URL points elsewhere). */
const MAX_HREF = 4096;

/**
 * Only absolute http(s) URLs are kept: a `javascript:` or `data:` href would
 * become a live link in the postmortem. A link that is not one is dropped,
 * not the alert that carries it.
 */
export function safeHref(href: unknown): string | undefined {
  if (typeof href !== 'string') return undefined;
  const trimmed = href.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_HREF || !/^https?:\/\//i.test(trimmed)) return undefined;
  try {
    const url = new URL(trimmed);
    return url.protocol === 'http:' || url.protocol === 'https:' ? trimmed : undefined;
  } catch {
    return undefined;
  }
}

/** A link for each `[href, text]` pair whose href is safe, in order, without repeating an href. */
export function collectLinks(candidates: ReadonlyArray<readonly [href: unknown, text: unknown]>): Link[] {
  const links: Link[] = [];
  const seen = new Set<string>();
  for (const [rawHref, rawText] of candidates) {
    const href = safeHref(rawHref);
    if (href === undefined || seen.has(href)) continue;
    seen.add(href);
    const text = typeof rawText === 'string' ? cleanText(rawText) : '';
    links.push(text === '' ? { href } : { href, text });
  }
  return links;
}
