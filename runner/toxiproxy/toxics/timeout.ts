import { defineToxic, INTERRUPTED, TIMED_OUT } from './toxic.ts';

/**
 * Drops every chunk. With `timeout` > 0 ms the link closes after that long
 * without data (each chunk restarts the timer); with 0 it never closes by
 * itself. Removing the toxic closes the link, on every live connection.
 */
export const timeout = defineToxic<{ timeout: number }>({
  type: 'timeout',
  goStruct: 'TimeoutToxic',
  attributes: ['timeout'],
  async pipe(stub, { timeout: ms }) {
    for (;;) {
      const chunk = ms > 0 ? await stub.nextWithin(ms) : await stub.next();
      if (chunk === INTERRUPTED) return;
      if (chunk === null || chunk === TIMED_OUT) return stub.close();
    }
  },
  cleanup: (stub) => stub.close(),
});
