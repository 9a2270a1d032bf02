// The baseline of the site benchmark (bench/scenarios/site.ts): a bare Astro site that renders the same
// postmortem files with Astro's own glob loader, one plain page each and an index, and nothing of gameday's.
import { defineConfig } from 'astro/config';

export default defineConfig({
  outDir: process.env.BENCH_SITE_OUT ?? './dist',
  cacheDir: process.env.BENCH_SITE_CACHE ?? './.astro-cache',
  logLevel: 'warn',
  telemetry: false,
});
