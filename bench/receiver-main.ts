/**
 * The receiver scenario alone (`npx tsx bench/receiver-main.ts [--json]`),
 * for working on the receiver; `npm run bench` runs it after the proxy's
 * scenarios. Table (or JSON) on stdout, progress on stderr.
 */
import { loadavg } from 'node:os';
import { measureReceiver } from './receiver.ts';
import { receiverGoals, renderReceiverTable } from './receiver-report.ts';

type Closer = () => Promise<void>;

const progress = (message: string): void => void process.stderr.write(`bench: ${message}\n`);
const closers: Closer[] = [];
let code = 0;
try {
  const loadBefore = loadavg()[0] ?? 0;
  const receiver = await measureReceiver(closers, progress);
  const goals = receiverGoals(receiver);
  const load = `load average ${loadBefore.toFixed(2)} at start, ${(loadavg()[0] ?? 0).toFixed(2)} at end`;
  process.stdout.write(`${process.argv.includes('--json') ? JSON.stringify({ receiver, goals }, null, 2) : `${renderReceiverTable(receiver, goals)}\n${load}.`}\n`);
} catch (error) {
  progress(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  code = 1;
} finally {
  for (const close of closers.splice(0).reverse()) await close().catch((error: unknown) => progress(`cleanup: ${String(error)}`));
}
process.exitCode = code;
setTimeout(() => process.exit(code), 2_000).unref();
