import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExitCode, UsageError } from '../../errors.ts';
import { shownPath } from '../../paths/shown.ts';
import { defineCommand, type CommandContext } from '../command.ts';
import { readPackageInfo } from '../package-info.ts';

export interface DemoCommandOptions {
  out: string;
  postmortemsDir: string | undefined;
  rounds: number;
  only: string[] | undefined;
  site: boolean;
  serve: boolean;
  port: number;
}

/** gameday's own examples, wherever the command is run from. */
const EXPERIMENTS_DIR = fileURLToPath(new URL('../../../experiments/', import.meta.url));
const MAX_ROUNDS = 20;

export const demo = defineCommand<DemoCommandOptions>({
  name: 'demo',
  summary: 'The whole loop on the demo shop: four game days, their postmortems and the site',
  usage: '[options]',
  description:
    'Runs the example experiments against the demo shop (each starts the shop\'s services and the embedded Toxiproxy;\n' +
    'nothing else is needed, TOXIPROXY_URL is ignored): slow-payments and inventory-down deviate, flaky-network and\n' +
    'saturated-link hold. Then writes their postmortems and builds the report site from them, and says how to open it.\n' +
    'Everything goes under --out (runs/, postmortems/, site/); --postmortems-dir postmortems writes into the\n' +
    "repository's postmortems folder instead. Ctrl-C rolls back the drill in progress and stops.\n" +
    `Exit status: ${ExitCode.ok} when every drill ran to its verdict and the site was built; ${ExitCode.failure} when a ` +
    `drill did not finish; 5 when stopped by the operator.`,
  options: {
    out: { type: 'string', short: 'o', valueName: 'DIR', description: 'Where runs, postmortems and the site go (default demo-output)' },
    'postmortems-dir': { type: 'string', valueName: 'DIR', description: 'Where postmortems go (default <out>/postmortems)' },
    rounds: { type: 'string', valueName: 'N', description: `Run the set N times, 1 to ${MAX_ROUNDS} (default 1), so recurrences show` },
    only: { type: 'string', valueName: 'NAMES', description: 'Comma-separated examples to run (default all four)' },
    'no-site': { type: 'boolean', description: 'Do not build the site' },
    serve: { type: 'boolean', description: 'Serve the site on 127.0.0.1 when built, until Ctrl-C' },
    port: { type: 'string', valueName: 'PORT', description: 'Port for --serve (default 4321)' },
  },
  parse: ({ values }) => {
    const out = typeof values.out === 'string' ? values.out : 'demo-output';
    if (out.trim() === '') throw new UsageError('--out needs a directory');
    const rounds = values.rounds === undefined ? 1 : Number(values.rounds);
    if (!Number.isInteger(rounds) || rounds < 1 || rounds > MAX_ROUNDS) {
      throw new UsageError(`--rounds must be a whole number from 1 to ${MAX_ROUNDS}; got "${String(values.rounds)}"`);
    }
    const port = values.port === undefined ? 4321 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0 to 65535; got "${String(values.port)}"`);
    const only = typeof values.only === 'string' ? values.only.split(',').map((name) => name.trim()).filter((name) => name !== '') : undefined;
    if (values['no-site'] === true && values.serve === true) throw new UsageError('--serve serves the site: it cannot go with --no-site');
    return {
      out,
      postmortemsDir: typeof values['postmortems-dir'] === 'string' ? values['postmortems-dir'] : undefined,
      rounds,
      only,
      site: values['no-site'] !== true,
      serve: values.serve === true,
      port,
    };
  },
  async run(options, context) {
    const { DEMO_EXPERIMENTS, runDemo } = await import('../../demo/index.ts');
    const names = options.only ?? [...DEMO_EXPERIMENTS];
    const unknown = names.filter((name) => !(DEMO_EXPERIMENTS as readonly string[]).includes(name));
    if (unknown.length > 0) throw new UsageError(`--only: no example called ${unknown.join(', ')}; the examples are ${DEMO_EXPERIMENTS.join(', ')}`);
    const experiments = names.map((name) => resolve(EXPERIMENTS_DIR, `${name}.yaml`));
    for (const file of experiments) {
      if (!existsSync(file)) throw new UsageError(`the example ${file} is missing from this installation of gameday`);
    }
    const { runExperiment } = await import('../../run/index.ts');
    const { writePostmortems } = await import('../../postmortem/index.ts');
    const { buildSite, previewSite } = await import('../../site/index.ts');
    const outDir = resolve(context.cwd, options.out);
    const siteDir = resolve(outDir, 'site');
    const stopRequested = context.stopRequested('gameday: still rolling back the drill in progress');
    const result = await runDemo({
      experiments,
      rounds: options.rounds,
      outDir,
      postmortemsDir: resolve(context.cwd, options.postmortemsDir ?? resolve(outDir, 'postmortems')),
      siteDir: options.site ? siteDir : null,
      cwd: context.cwd,
      env: context.env,
      version: readPackageInfo().version,
      output: context.stderr,
      stopRequested,
      runExperiment,
      writePostmortems,
      buildSite: async ({ postmortemsDir, outDir: dir }) => {
        const built = await buildSite({ postmortemsDir, outDir: dir, logLevel: 'warn' });
        return { pages: built.pages, skipped: built.skipped };
      },
    });

    const width = Math.max(...result.runs.map((run) => run.experiment.length), 10);
    for (const run of result.runs) {
      context.stdout.write(`${run.experiment.padEnd(width)}  ${run.verdict.padEnd(8)}  ${run.postmortem === null ? '-' : shown(context, resolve(context.cwd, run.postmortem))}\n`);
    }
    if (result.stopped !== null) return 5;
    if (result.site !== null) {
      const out = shown(context, siteDir);
      if (options.serve) {
        const server = await previewSite({ dir: siteDir, host: '127.0.0.1', port: options.port });
        context.stdout.write(`site: ${server.url} (Ctrl-C stops)\n`);
        await context.stopRequested();
        await server.close();
      } else {
        context.stdout.write(`site: ${out}/ — open it with: npx gameday site preview --out ${out}\n`);
      }
    }
    return result.complete ? ExitCode.ok : ExitCode.failure;
  },
});

const shown = (context: CommandContext, path: string): string => shownPath(context.cwd, path);
