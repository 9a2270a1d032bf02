/**
 * Links inside the site, under Astro's `base` (the site may be published under a sub-path such as /gameday/).
 * Every page is a folder, so page links end in `/`; files (the feed, the search index) do not.
 */
import { base } from 'astro:config/client';

// From Astro's config, not import.meta.env.BASE_URL: a BASE_URL in the process environment (vitest sets one)
// would win over the config in server code.
const BASE = base.replace(/\/+$/, '');

/** `path` from the site's root, e.g. `postmortems/x/` → `/gameday/postmortems/x/`. */
export const href = (path: string): string => `${BASE}/${path.replace(/^\/+/, '')}`;

export const postmortemHref = (slug: string): string => href(`postmortems/${encodeURIComponent(slug)}/`);
export const serviceHref = (slug: string): string => href(`services/${slug}/`);
export const experimentHref = (slug: string): string => href(`experiments/${slug}/`);
