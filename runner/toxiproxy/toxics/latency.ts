import { defineToxic, INTERRUPTED } from './toxic.ts';

/**
 * Delays each chunk by `latency` ms ± `jitter` ms (drawn per chunk), measured
 * from the chunk's own arrival, so chunks are pipelined and throughput is not
 * limited. Stacked latency toxics add up: a released chunk's time moves on.
 */
export const latency = defineToxic<{ latency: number; jitter: number }>({
  type: 'latency',
  goStruct: 'LatencyToxic',
  attributes: ['latency', 'jitter'],
  // The real server's latency input holds 1024 chunks, so a stream keeps flowing while chunks wait.
  bufferSize: 1024,
  async pipe(stub, { latency, jitter }) {
    for (;;) {
      const chunk = await stub.next();
      if (chunk === INTERRUPTED) return;
      if (chunk === null) return stub.close();
      const delay = jitter > 0 ? latency + Math.floor(stub.random() * 2 * jitter) - jitter : latency;
      const wait = chunk.time + delay - performance.now();
      if (wait > 0 && !(await stub.sleep(wait))) {
        await stub.send(chunk);
        return;
      }
      if (wait > 0) chunk.time += wait;
      await stub.send(chunk);
    }
  },
});
