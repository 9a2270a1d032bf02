import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { corpus } from '../lib/corpus.ts';
import { postmortemHref } from '../lib/paths.ts';

/** The feed: one item a postmortem, newest first; the summary as the description (plain text, escaped by rss). */
export const GET: APIRoute = async (context) => {
  const { postmortems } = await corpus();
  return rss({
    title: 'gameday postmortems',
    description: 'Game days and incidents: what broke, how fast it was seen and fixed, and what we will do about it.',
    site: context.site ?? 'http://localhost/',
    items: postmortems.map((pm) => ({
      title: pm.title,
      link: postmortemHref(pm.slug),
      description: pm.summary || pm.title,
      ...(pm.date === null ? {} : { pubDate: new Date(`${pm.date}T00:00:00Z`) }),
      ...(pm.frontMatter.services === undefined ? {} : { categories: pm.frontMatter.services }),
    })),
    customData: '<language>en</language>',
  });
};
