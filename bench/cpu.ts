import { isRecord } from './ipc.ts';
import type { Helper } from './helper.ts';

/** CPU time (user + system) a process has used so far, µs. */
export type CpuClock = () => Promise<number>;

/** The bench process's own CPU clock. */
export const ownCpu: CpuClock = async () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/** A helper's CPU clock, read over IPC (it answers `cpu` with process.cpuUsage()). */
export const helperCpu =
  (helper: Helper<unknown>): CpuClock =>
  async () => {
    const usage = await helper.request('cpu');
    if (!isRecord(usage) || typeof usage.user !== 'number' || typeof usage.system !== 'number') {
      throw new Error(`${helper.name} sent a bad cpu reading: ${JSON.stringify(usage)}`);
    }
    return usage.user + usage.system;
  };

/** The summed CPU clock of several processes, µs. */
export const totalCpu =
  (clocks: readonly CpuClock[]): CpuClock =>
  async () => {
    const readings = await Promise.all(clocks.map((clock) => clock()));
    return readings.reduce((a, b) => a + b, 0);
  };
