import { defineToxic, INTERRUPTED } from './toxic.ts';

/** Passes every chunk on unchanged; also what a toxic runs as when it loses its toxicity roll. */
export const noop = defineToxic<Record<string, never>>({
  type: 'noop',
  goStruct: 'NoopToxic',
  attributes: [],
  async pipe(stub) {
    for (;;) {
      const chunk = await stub.next();
      if (chunk === INTERRUPTED) return;
      if (chunk === null) return stub.close();
      await stub.send(chunk);
    }
  },
});
