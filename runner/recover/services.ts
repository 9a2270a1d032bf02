import type { JournalEvent } from '../journal/index.ts';
import { isRunning, sameProcess, stopProcessGroup, type StopOutcome } from './process.ts';

/** A service process the run started and did not (fully) stop, by the journal. */
export interface LeftService {
  service: string;
  pid: number;
  pgid?: number;
  /** The start command, run with /bin/sh -c. */
  command?: string;
  /** Wall ms of the `service.started` event: the process started no later than this. */
  recordedAtMs: number;
}

/** Services with a pid in `service.started` and no `service.stopped` after it (or one that says some of it still ran). */
export const servicesLeft = (events: readonly JournalEvent[]): LeftService[] => {
  const left = new Map<string, LeftService>();
  for (const event of events) {
    if (event.type === 'service.started' && event.pid !== undefined) {
      left.set(event.service, {
        service: event.service,
        pid: event.pid,
        ...(event.pgid === undefined ? {} : { pgid: event.pgid }),
        ...(event.command === undefined ? {} : { command: event.command }),
        recordedAtMs: Date.parse(event.at),
      });
    } else if (event.type === 'service.stopped' && event.left_running !== true) {
      left.delete(event.service);
    }
  }
  return [...left.values()];
};

export type ServiceStop =
  | { kind: 'stopped'; outcome: StopOutcome }
  /** The pid is running but is not the recorded process (reused): nothing was signalled. */
  | { kind: 'pid_reused' };

/**
 * Stops what is left of a service: its process group (SIGTERM, then SIGKILL
 * after `graceMs`), or only its process when it leads no group of its own.
 * A recorded pid that is running must still be the recorded process (start
 * time, command line); if it is not, the pid was reused, which also means the
 * old group is empty (a process group id is not reused while it has members).
 * A group whose leader has exited is still the original and is signalled.
 */
export const stopLeftService = async (left: LeftService, graceMs: number): Promise<ServiceStop> => {
  if (isRunning(left.pid) && sameProcess(left.pid, left.recordedAtMs, left.command) === 'different') {
    return { kind: 'pid_reused' };
  }
  // Only a group the service leads: a pgid that is not its own pid could be the runner's shell job.
  const target = left.pgid === left.pid ? { pid: left.pid, pgid: left.pgid } : { pid: left.pid };
  return { kind: 'stopped', outcome: await stopProcessGroup(target, graceMs) };
};
