import { defineToxic, INTERRUPTED } from './toxic.ts';

/** Slices of a large chunk are released every SLICE_MS, each worth SLICE_MS of the rate. */
const SLICE_MS = 100;

/**
 * Limits the link to `rate` KB/s, where a KB is 1000 bytes. Each chunk adds
 * len/rate ms of debt, paid by the time actually slept, so timer error is
 * carried forward and the long-run rate stays exact. `rate` 0 stalls the link (as the real server does); a negative
 * rate, which crashes the real server, is refused.
 */
export const bandwidth = defineToxic<{ rate: number }>({
  type: 'bandwidth',
  goStruct: 'BandwidthToxic',
  attributes: ['rate'],
  check: ({ rate }) =>
    rate < 0 ? `bandwidth rate must be 0 or more KB/s, got ${rate} (the real Toxiproxy crashes on a negative rate)` : undefined,
  async pipe(stub, { rate }) {
    let debt = 0; // ms owed before the next release
    for (;;) {
      const chunk = await stub.next();
      if (chunk === INTERRUPTED) return;
      if (chunk === null) return stub.close();
      if (rate === 0) {
        // Stalls until the toxic is changed or removed; then the data is handed on.
        await stub.sleep(Number.POSITIVE_INFINITY);
        await stub.send(chunk);
        return;
      }
      const sliceBytes = rate * SLICE_MS; // rate KB/s = rate bytes/ms
      debt += chunk.data.length / rate;
      let data = chunk.data;
      while (data.length > sliceBytes) {
        // Debt is paid by the time really slept, so a late timer is made up later, not lost.
        const sliceStart = performance.now();
        if (!(await stub.sleep(SLICE_MS))) return stub.send({ data, time: chunk.time });
        await stub.send({ data: data.subarray(0, sliceBytes), time: chunk.time });
        data = data.subarray(sliceBytes);
        debt -= performance.now() - sliceStart;
      }
      const start = performance.now();
      if (!(await stub.sleep(debt))) return stub.send({ data, time: chunk.time });
      debt -= performance.now() - start;
      await stub.send({ data, time: chunk.time });
    }
  },
});
