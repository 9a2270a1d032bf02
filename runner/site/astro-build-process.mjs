// One Astro build, in a process of its own (started by runner/site/build.ts): its working directory is site/, so
// the server chunks Astro writes while prerendering land inside this package (where their imports resolve)
// whatever folder the user ran gameday from, and Astro's process-wide state ends with the build.
// argv[2]: JSON { outDir, base, logLevel, site? }. Exit 0 when built; Astro's error on stderr otherwise.
import { build } from 'astro';

const options = JSON.parse(process.argv[2] ?? '{}');
try {
  await build({
    root: `${process.cwd()}/`,
    outDir: options.outDir,
    base: options.base,
    logLevel: options.logLevel,
    ...(options.site === undefined ? {} : { site: options.site }),
  });
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
