import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The example experiments listen on fixed ports (experiments/*.yaml, 18480–18794), as a user's copy does. Test
 * files run side by side, so any test that runs the examples holds this lock for the time: a file created with
 * O_EXCL, holding the pid; a lock whose process is gone is taken over.
 */
const LOCK = join(tmpdir(), 'gameday-test-example-ports.lock');

/** Waits for the lock and takes it; the function returned gives it back. */
export const takeExamplePorts = async (waitMs = 600_000): Promise<() => void> => {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const fd = openSync(LOCK, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (!holderAlive()) rmSync(LOCK, { force: true });
      else if (Date.now() > deadline) throw new Error(`the example ports stayed taken (${LOCK}) for ${waitMs} ms`);
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return () => rmSync(LOCK, { force: true });
};

const holderAlive = (): boolean => {
  try {
    const pid = Number(readFileSync(LOCK, 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, another user's; ENOENT: the lock just went; ESRCH: gone.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};
