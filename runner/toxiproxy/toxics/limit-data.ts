import { defineToxic, INTERRUPTED } from './toxic.ts';

interface Sent {
  /** Bytes this link has passed through the toxic so far, kept across updates. */
  bytes: number;
}

/**
 * Passes at most `bytes` bytes per connection and direction, cutting the chunk
 * that crosses the limit, then closes the link. With 0 (or less) the link
 * closes at the first chunk, passing nothing.
 */
export const limitData = defineToxic<{ bytes: number }, Sent>({
  type: 'limit_data',
  goStruct: 'LimitDataToxic',
  attributes: ['bytes'],
  newState: () => ({ bytes: 0 }),
  async pipe(stub, { bytes: limit }) {
    for (;;) {
      const chunk = await stub.next();
      if (chunk === INTERRUPTED) return;
      if (chunk === null) return stub.close();
      const remaining = Math.max(0, limit - stub.state.bytes);
      const data = chunk.data.length > remaining ? chunk.data.subarray(0, remaining) : chunk.data;
      if (data.length > 0) {
        stub.state.bytes += data.length;
        await stub.send({ data, time: chunk.time });
      }
      if (limit - stub.state.bytes <= 0) return stub.close();
    }
  },
});
