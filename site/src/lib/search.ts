import type { Options } from 'minisearch';

/**
 * The search index's shape, shared by the build (pages/search-index.json.ts writes it) and the search box's
 * script (pages/search.astro loads it with MiniSearch.loadJSON, which needs the same options). Documents are
 * small: facts and the summary, not whole bodies, so 5,000 postmortems make an index a browser can load.
 */
export interface SearchDocument {
  /** The page slug. */
  slug: string;
  id: string;
  title: string;
  date: string;
  summary: string;
  services: string;
  experiment: string;
  faults: string;
  fingerprints: string;
  items: string;
  tags: string;
}

export const SEARCH_OPTIONS: Options<SearchDocument> = {
  idField: 'slug',
  fields: ['id', 'title', 'date', 'summary', 'services', 'experiment', 'faults', 'fingerprints', 'items', 'tags'],
  storeFields: [],
  searchOptions: { boost: { title: 3, services: 2, experiment: 2 }, prefix: true, fuzzy: 0.2, combineWith: 'AND' },
};

/** The file the search page loads, under the site's base. */
export const SEARCH_INDEX_FILE = 'search-index.json';
