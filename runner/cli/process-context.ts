import type { CommandContext } from './command.ts';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * The real world for commands: the process's streams, environment and
 * directory. `stopRequested` catches the first SIGINT or SIGTERM and then lets
 * go of both, so a second Ctrl-C during a slow shutdown ends the process at once.
 */
export const processContext = (): CommandContext => ({
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  stopRequested: () =>
    new Promise<string>((resolve) => {
      const onSignal = (signal: NodeJS.Signals): void => {
        for (const name of STOP_SIGNALS) process.off(name, onSignal);
        resolve(signal);
      };
      for (const name of STOP_SIGNALS) process.on(name, onSignal);
    }),
});
