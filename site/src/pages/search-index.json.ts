import type { APIRoute } from 'astro';
import MiniSearch from 'minisearch';
import { corpus } from '../lib/corpus.ts';
import { SEARCH_OPTIONS, type SearchDocument } from '../lib/search.ts';

/** The search index, built once at build time and served as a static JSON file (MiniSearch's own format). */
export const GET: APIRoute = async () => {
  const { postmortems, itemsOf } = await corpus();
  const search = new MiniSearch<SearchDocument>(SEARCH_OPTIONS);
  search.addAll(
    postmortems.map((pm) => ({
      slug: pm.slug,
      id: pm.id,
      title: pm.title,
      date: pm.date ?? '',
      summary: pm.summary,
      services: (pm.frontMatter.services ?? []).join(' '),
      experiment: pm.frontMatter.experiment?.name ?? '',
      faults: (pm.frontMatter.fault_kinds ?? []).join(' '),
      fingerprints: (pm.frontMatter.fingerprints ?? []).join(' '),
      items: (itemsOf.get(pm.id) ?? []).map((item) => `${item.id ?? ''} ${item.text} ${item.owner ?? ''}`).join(' '),
      tags: (pm.frontMatter.tags ?? []).join(' '),
    })),
  );
  return new Response(JSON.stringify(search), { headers: { 'Content-Type': 'application/json' } });
};
