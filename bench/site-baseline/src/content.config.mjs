import { glob } from 'astro/loaders';
import { defineCollection } from 'astro:content';

const dir = process.env.BENCH_SITE_POSTMORTEMS;
if (dir === undefined) throw new Error('BENCH_SITE_POSTMORTEMS must name the folder of postmortems to build');

export const collections = {
  postmortems: defineCollection({ loader: glob({ pattern: '*.md', base: dir }) }),
};
