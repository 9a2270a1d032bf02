import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineCollection } from 'astro:content';
import { postmortemLoader } from './loaders/postmortems.ts';

/**
 * One collection: the postmortems folder, from GAMEDAY_POSTMORTEMS_DIR (absolute; `gameday site build --dir`
 * sets it), default <repository>/postmortems. Entries are `PostmortemData` (src/lib/entry.ts); the front matter
 * is checked field by field against runner/postmortem's schema by the loader's reader, not here.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));

const postmortems = defineCollection({
  loader: postmortemLoader({ dir: resolve(process.env.GAMEDAY_POSTMORTEMS_DIR || resolve(REPO, 'postmortems')) }),
});

export const collections = { postmortems };
