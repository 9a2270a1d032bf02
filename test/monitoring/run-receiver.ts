/**
 * Where a run's alert receiver is, read from its run folder. The contract
 * this test assumes (the lead wires the receiver into `gameday run`):
 *
 *   <runs-dir>/<run-id>/receiver.json  =  { "url": "http://127.0.0.1:<port>", "secret": "<token>" }
 *
 * written once the receiver listens, and Alertmanager webhooks taken at
 * POST <url's origin>/alertmanager with `Authorization: Bearer <secret>`.
 * If the run names it differently, this file is the one place to change.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const RECEIVER_FILE = 'receiver.json';
export const ALERTMANAGER_PATH = '/alertmanager';

const receiverFileSchema = z.object({ url: z.url(), secret: z.string().min(1) });

export interface RunReceiver {
  runDir: string;
  /** Where Alertmanager posts: `<origin>/alertmanager`. */
  webhookUrl: string;
  secret: string;
}

/** The receiver of the one run in `runsDir`, once its file is there and whole; undefined before. */
export function findRunReceiver(runsDir: string): RunReceiver | undefined {
  const runDir = onlyRunDir(runsDir);
  if (runDir === undefined) return undefined;
  const path = join(runDir, RECEIVER_FILE);
  if (!existsSync(path)) return undefined;
  let text: string;
  let json: unknown;
  try {
    text = readFileSync(path, 'utf8');
    json = JSON.parse(text);
  } catch {
    return undefined; // being written
  }
  const parsed = receiverFileSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${path} is not {"url", "secret"} as this test expects: ${text}`);
  return { runDir, webhookUrl: new URL(ALERTMANAGER_PATH, parsed.data.url).href, secret: parsed.data.secret };
}

/** What a run folder holds, for the message when the receiver file never came. */
export function describeRunsDir(runsDir: string): string {
  const runDir = onlyRunDir(runsDir);
  return runDir === undefined ? `no run folder in ${runsDir}` : `${runDir} holds: ${readdirSync(runDir).join(', ')}`;
}

function onlyRunDir(runsDir: string): string | undefined {
  if (!existsSync(runsDir)) return undefined;
  const [only] = readdirSync(runsDir);
  return only === undefined ? undefined : join(runsDir, only);
}
