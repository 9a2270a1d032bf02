import { describe, expect, it } from 'vitest';
import { isFromRun, parseRunName, proxyServerName, toxicServerName } from '../../runner/faults/index.ts';

const RUN = '20250301-101500-slow-payments-3f2a';

describe('server-side names', () => {
  it('carry the run id after .gd-', () => {
    expect(proxyServerName('to-payments', RUN)).toBe(`to-payments.gd-${RUN}`);
    expect(toxicServerName('payments-slow', RUN)).toBe(`payments-slow.gd-${RUN}`);
  });

  it('parse back into the experiment name and the run id, even when the name holds .gd- itself', () => {
    expect(parseRunName(`to-payments.gd-${RUN}`)).toEqual({ base: 'to-payments', runId: RUN });
    expect(parseRunName(`odd.gd-name.gd-${RUN}`)).toEqual({ base: 'odd.gd-name', runId: RUN });
  });

  it('tell this run from other runs and from names no run made', () => {
    expect(isFromRun(`db.gd-${RUN}`, RUN)).toBe(true);
    expect(isFromRun('db.gd-20250301-101500-slow-payments-0000', RUN)).toBe(false);
    expect(isFromRun('db', RUN)).toBe(false);
    expect(isFromRun(`.gd-${RUN}`, RUN)).toBe(false);
    expect(isFromRun(`db.gd-${RUN}x`, RUN)).toBe(false);
    expect(parseRunName('db.gd-')).toBeUndefined();
    expect(parseRunName('db.gd-a.b')).toBeUndefined();
  });

  it('refuse a run id that would make names ambiguous', () => {
    expect(() => proxyServerName('db', 'a.b')).toThrow(RangeError);
    expect(() => toxicServerName('db', '')).toThrow(RangeError);
  });
});
