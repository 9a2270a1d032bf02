import { chmodSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { JOURNAL_FILE, readJournal } from '../journal/index.ts';
import { ControlUnavailableError, NoActiveRunError } from './errors.ts';

/** `<runDir>/control.json`: where a run's control API listens and the token it takes. Readable by its owner only. */
export const CONTROL_FILE = 'control.json';

export const controlInfoSchema = z.object({
  /** Base URL, `http://127.0.0.1:<port>`. */
  url: z.string(),
  /** Sent as `Authorization: Bearer <token>`. */
  token: z.string().min(1),
  /** The runner's process id. */
  pid: z.number().int(),
});

export type ControlInfo = z.output<typeof controlInfoSchema>;

/** Written whole (a temporary file renamed into place) with mode 0600, so no one else can read the token. */
export const writeControlFile = (runDir: string, info: ControlInfo): string => {
  const path = join(runDir, CONTROL_FILE);
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600); // in case the file existed with wider permissions
  renameSync(temporary, path);
  return path;
};

export const removeControlFile = (runDir: string): void => rmSync(join(runDir, CONTROL_FILE), { force: true });

export const readControlFile = (runDir: string): ControlInfo => {
  const path = join(runDir, CONTROL_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (hasEnded(runDir)) {
      throw new NoActiveRunError(`the run in ${runDir} has ended: there is nothing to act on (its journal keeps the response; gameday postmortem writes it up)`);
    }
    throw new ControlUnavailableError(
      `the run in ${runDir} has no control API (no ${CONTROL_FILE}): it has stopped, or has not opened it yet`,
      { cause: error },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ControlUnavailableError(`${path} is not JSON; the run may be writing it, try again`, { cause: error });
  }
  const parsed = controlInfoSchema.safeParse(value);
  if (!parsed.success) throw new ControlUnavailableError(`${path} is not a control file (expected url, token and pid)`);
  return parsed.data;
};

/** True when the run's journal says it ended (run.ended); false when it does not, or cannot be read. */
const hasEnded = (runDir: string): boolean => {
  try {
    return readJournal(join(runDir, JOURNAL_FILE)).ended;
  } catch {
    return false;
  }
};
