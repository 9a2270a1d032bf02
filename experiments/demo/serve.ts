/**
 * Process entry: runs one demo service until SIGINT or SIGTERM.
 *   npx tsx experiments/demo/serve.ts storefront --port 18080 \
 *     --dep checkout=http://127.0.0.1:18091 --dep inventory=http://127.0.0.1:18092
 * stdout carries exactly one line, `{"service":…,"url":…}`, once listening
 * (the runner waits for it); logs go to stderr as JSON lines.
 * Exit codes are listed in SERVE_USAGE.
 */
import { DemoConfigError, DemoListenError } from './errors.ts';
import { parseServeArgs, SERVE_USAGE, ServeUsageError } from './serve-args.ts';
import { startDemoService } from './service.ts';

async function main(argv: readonly string[]): Promise<number> {
  try {
    const args = parseServeArgs(argv);
    if (args.help) {
      process.stdout.write(`${SERVE_USAGE}\n`);
      return 0;
    }
    const service = await startDemoService(args.service, {
      host: args.host,
      port: args.port,
      dependencies: args.dependencies,
      log: (entry) => process.stderr.write(`${JSON.stringify(entry)}\n`),
    });
    const stopped = new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    process.stdout.write(`${JSON.stringify({ service: service.name, url: service.url })}\n`);
    await stopped;
    await service.close();
    return 0;
  } catch (error) {
    if (error instanceof ServeUsageError || error instanceof DemoConfigError) {
      process.stderr.write(`serve: ${error.message}\n${SERVE_USAGE}\n`);
      return 2;
    }
    if (error instanceof DemoListenError) {
      process.stderr.write(`serve: ${error.message}\n`);
      return 69;
    }
    process.stderr.write(`serve: unexpected error, please report it:\n${error instanceof Error ? error.stack : String(error)}\n`);
    return 70;
  }
}

process.exitCode = await main(process.argv.slice(2));
