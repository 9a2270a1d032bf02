import type { CommandContext } from './command.ts';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * The real world for commands: the process's streams, environment and
 * directory. `stopRequested` catches the first SIGINT or SIGTERM. By default
 * it then lets go of both, so a second Ctrl-C during a slow shutdown ends the
 * process at once; with `whileStopping`, later signals only print that line
 * (a run rolling back must not be cut short).
 */
export const processContext = (): CommandContext => ({
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  stopRequested: (whileStopping?: string) =>
    new Promise<string>((resolve) => {
      const onSignal = (signal: NodeJS.Signals): void => {
        for (const name of STOP_SIGNALS) process.off(name, onSignal);
        if (whileStopping !== undefined) for (const name of STOP_SIGNALS) process.on(name, () => process.stderr.write(`${whileStopping}\n`));
        resolve(signal);
      };
      for (const name of STOP_SIGNALS) process.on(name, onSignal);
    }),
});
