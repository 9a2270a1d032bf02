import { createLogUpdate } from 'log-update';

export interface ProgressState {
  phase: string;
  /** Milliseconds since the run started. */
  elapsed: number;
  activeFaults: readonly string[];
  /** Share of failed requests in the last window, or undefined before any. */
  errorRate: number | undefined;
  /** Milliseconds. */
  p99: number | undefined;
}

export interface Progress {
  update(state: ProgressState): void;
  /** A line that stays (phase changes, faults, stop conditions). */
  note(line: string): void;
  done(): void;
}

/** One line describing where the run is: phase, elapsed, active faults, error rate, p99. */
export function describeProgress(s: ProgressState): string {
  const seconds = (s.elapsed / 1000).toFixed(1).padStart(6);
  const faults = s.activeFaults.length === 0 ? 'no fault' : s.activeFaults.join(', ');
  const rate = s.errorRate === undefined ? '   -' : `${(s.errorRate * 100).toFixed(1).padStart(5)}%`;
  const p99 = s.p99 === undefined ? '-' : `${Math.round(s.p99)} ms`;
  return `[${seconds}s] ${s.phase.padEnd(18)} errors ${rate}  p99 ${p99.padStart(8)}  ${faults}`;
}

/**
 * In a terminal, one status line redrawn in place (log-update) with notes
 * printed above it; elsewhere (CI, a pipe), plain lines: every note, and
 * the status every `plainEvery` ms.
 */
export function createProgress(stream: NodeJS.WriteStream | { write(text: string): void; isTTY?: boolean }, plainEvery = 5000): Progress {
  if ('isTTY' in stream && stream.isTTY === true) {
    const render = createLogUpdate(stream as NodeJS.WriteStream, { showCursor: true });
    let last = '';
    return {
      update(state) {
        last = describeProgress(state);
        render(last);
      },
      note(line) {
        render.clear();
        stream.write(`${line}\n`);
        if (last !== '') render(last);
      },
      done() {
        render.done();
      },
    };
  }
  let lastPrinted = Number.NEGATIVE_INFINITY;
  return {
    update(state) {
      if (state.elapsed - lastPrinted < plainEvery) return;
      lastPrinted = state.elapsed;
      stream.write(`${describeProgress(state)}\n`);
    },
    note(line) {
      stream.write(`${line}\n`);
    },
    done() {},
  };
}
