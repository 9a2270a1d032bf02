import { defineToxic, INTERRUPTED } from './toxic.ts';

/** Passes data untouched; holds the close back for `delay` ms after the source ends. */
export const slowClose = defineToxic<{ delay: number }>({
  type: 'slow_close',
  goStruct: 'SlowCloseToxic',
  attributes: ['delay'],
  async pipe(stub, { delay }) {
    for (;;) {
      const chunk = await stub.next();
      if (chunk === INTERRUPTED) return;
      if (chunk === null) {
        // Interrupted mid-wait: the close still happens, at once.
        await stub.sleep(delay);
        return stub.close();
      }
      await stub.send(chunk);
    }
  },
});
