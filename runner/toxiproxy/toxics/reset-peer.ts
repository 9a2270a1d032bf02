import { defineToxic, INTERRUPTED } from './toxic.ts';

/**
 * On the first data (or end of stream) in its direction, discards it, waits
 * `timeout` ms and closes the link. Connections opened while the toxic exists
 * close with RST (ECONNRESET at the peer); older ones with a plain FIN.
 * Unlike the real server, the wait ends early when the toxic is removed, so
 * a removal never blocks the API.
 */
export const resetPeer = defineToxic<{ timeout: number }>({
  type: 'reset_peer',
  goStruct: 'ResetToxic',
  attributes: ['timeout'],
  resetsPeer: true,
  async pipe(stub, { timeout: ms }) {
    const first = await stub.next();
    if (first === INTERRUPTED) return;
    if (ms > 0 && !(await stub.sleep(ms))) return;
    stub.close();
  },
});
