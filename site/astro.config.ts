import { fileURLToPath } from 'node:url';
import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';
import { remarkSafeMarkdown } from './src/markdown/safe-markdown.ts';

/**
 * The published report site. Built by `gameday site build` (runner/site `buildSite`), which passes the folder,
 * the output folder and the base; run by hand, the environment says the same:
 *
 * - GAMEDAY_POSTMORTEMS_DIR  the postmortems folder, absolute (default <repository>/postmortems)
 * - GAMEDAY_SITE_BASE        the path the site is published under, e.g. /gameday/ (default /)
 * - GAMEDAY_SITE_URL         the site's own address, for absolute links in the feed (default http://localhost/)
 * - GAMEDAY_SITE_CACHE_DIR   Astro's cache, the content store among it (default site/.astro/cache)
 */
export default defineConfig({
  site: process.env.GAMEDAY_SITE_URL || 'http://localhost/',
  base: process.env.GAMEDAY_SITE_BASE || '/',
  // Pages are folders (`/postmortems/x/` → postmortems/x/index.html); links always end in `/`.
  trailingSlash: 'always',
  build: { format: 'directory' },
  // Astro's and Vite's caches (the content store among them) stay inside site/.astro, which git ignores.
  cacheDir: process.env.GAMEDAY_SITE_CACHE_DIR || './.astro/cache',
  vite: { cacheDir: fileURLToPath(new URL('./.astro/vite/', import.meta.url)) },
  integrations: [mdx()],
  markdown: {
    // Postmortems are outside text: their HTML becomes text and unsafe URLs lose their link (safe-markdown.ts);
    // remark-rehype drops any raw HTML left. No syntax highlighting (a code block is shown as it is) and no
    // typographic quotes: thousands of postmortems build faster without them.
    remarkPlugins: [remarkSafeMarkdown],
    remarkRehype: { allowDangerousHtml: false },
    syntaxHighlight: false,
    smartypants: false,
  },
  devToolbar: { enabled: false },
});
