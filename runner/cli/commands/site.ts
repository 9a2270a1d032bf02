import { isAbsolute, relative, resolve } from 'node:path';
import { ExitCode, UsageError } from '../../errors.ts';
import { defineCommand, type CommandContext } from '../command.ts';
import { hostOption, portOption } from '../values.ts';

export interface SiteCommandOptions {
  action: 'build' | 'preview';
  /** The postmortems folder, as written on the command line (build). */
  dir: string;
  /** The built site, as written on the command line. */
  out: string;
  /** The path the site is published under (build), or was built for (preview). */
  base: string;
  host: string;
  port: number;
  /** The site's own address, for absolute links in the feed (build). */
  url: string | undefined;
  /** Astro's whole log (every page) instead of only the problems (build). */
  verbose: boolean;
}

const BUILD_ONLY = ['dir', 'url', 'verbose'] as const;
const PREVIEW_ONLY = ['host', 'port'] as const;

export const site = defineCommand<SiteCommandOptions>({
  name: 'site',
  summary: 'Build the report site (trends, recurring issues, every postmortem) or serve a build to look at',
  usage: '<build|preview> [options]',
  description:
    'gameday site build reads every postmortem in the folder and writes a static site to --out: the overview with\n' +
    'trends of detection and recovery as distributions, recurring issues, action items, one page per postmortem\n' +
    '(with its timeline), service and experiment, an RSS feed and a search page. It works without JavaScript and\n' +
    'any static host serves it; --base is the path it will be published under. A file that cannot be used is\n' +
    'reported and skipped; the build goes on. --out is emptied first, so it must be new, empty or an earlier build.\n' +
    'gameday site preview serves a build on --host:--port until stopped (Ctrl-C).\n' +
    `Exit status: ${ExitCode.ok} when built; ${ExitCode.noInput} when the folder or the build cannot be read; ` +
    `${ExitCode.dataError} when --out is not a folder a build may empty; ${ExitCode.failure} when the build fails.`,
  options: {
    dir: { type: 'string', short: 'd', valueName: 'DIR', description: 'build: the postmortems folder (default postmortems)' },
    out: { type: 'string', short: 'o', valueName: 'DIR', description: 'The built site (default site/dist)' },
    base: { type: 'string', valueName: 'PATH', description: 'The path the site is published under, e.g. /gameday/ (default /)' },
    url: { type: 'string', valueName: 'URL', description: "build: the site's address for the feed's links (default $GAMEDAY_SITE_URL, else http://localhost/)" },
    verbose: { type: 'boolean', description: "build: show Astro's whole log, every page written" },
    host: { type: 'string', valueName: 'HOST', description: 'preview: address to listen on (default 127.0.0.1)' },
    port: { type: 'string', valueName: 'PORT', description: 'preview: port; 0 picks a free one (default 4321)' },
  },
  positionals: { min: 1, max: 1 },
  parse: ({ values, positionals }) => {
    const action = positionals[0];
    if (action !== 'build' && action !== 'preview') {
      throw new UsageError(`gameday site takes build or preview, got "${action ?? ''}" (see gameday site --help)`);
    }
    const wrong = (action === 'build' ? PREVIEW_ONLY : BUILD_ONLY).find((name) => values[name] !== undefined);
    if (wrong !== undefined) throw new UsageError(`--${wrong} is not an option of gameday site ${action}`);
    const url = typeof values.url === 'string' ? values.url.trim() : undefined;
    if (url !== undefined && !/^https?:\/\/[^\s/]+/.test(url)) {
      throw new UsageError(`--url must be an http or https address such as https://example.org/gameday/, got "${url}"`);
    }
    return {
      action,
      dir: typeof values.dir === 'string' ? values.dir : 'postmortems',
      out: typeof values.out === 'string' ? values.out : 'site/dist',
      base: typeof values.base === 'string' ? values.base : '/',
      host: typeof values.host === 'string' ? hostOption('--host', values.host) : '127.0.0.1',
      port: typeof values.port === 'string' ? portOption('--port', values.port) : 4321,
      url,
      verbose: values.verbose === true,
    };
  },
  async run(options, context) {
    // Loaded on use: Astro is large, and only this command needs it.
    const { buildSite, previewSite, skippedLine, warningLines } = await import('../../site/index.ts');
    const out = resolve(context.cwd, options.out);
    if (options.action === 'preview') {
      const stop = context.stopRequested();
      const server = await previewSite({ dir: out, host: options.host, port: options.port, base: options.base });
      context.stdout.write(`serving ${shown(context, out)} on ${server.url} (Ctrl-C stops)\n`);
      await stop;
      await server.close();
      return ExitCode.ok;
    }
    const url = options.url ?? context.env.GAMEDAY_SITE_URL;
    const result = await buildSite({
      postmortemsDir: resolve(context.cwd, options.dir),
      outDir: out,
      base: options.base,
      // Problems in files are printed below, once; Astro's own log only when asked for.
      logLevel: options.verbose ? 'info' : 'error',
      ...(url === undefined || url === '' ? {} : { siteUrl: url }),
    });
    for (const line of warningLines(result.warnings, (p) => shown(context, p))) context.stderr.write(`gameday: warning: ${line}\n`);
    for (const file of result.skipped) context.stderr.write(`gameday: warning: ${skippedLine(file, (p) => shown(context, p))}\n`);
    context.stdout.write(
      `built ${result.pages} pages from ${result.postmortems} postmortems` +
        `${result.skipped.length === 0 ? '' : ` (${result.skipped.length} file(s) skipped)`} in ${(result.durationMs / 1000).toFixed(1)}s: ${shown(context, out)}\n`,
    );
    return ExitCode.ok;
  },
});

const shown = (context: CommandContext, path: string): string => {
  const rel = relative(context.cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? path : rel;
};
