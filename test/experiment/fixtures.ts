/**
 * A small valid experiment, and a helper to break it in one place. Line
 * numbers in the expected messages refer to this text, so keep it as is.
 */
export const VALID = `name: shop-latency
description: Payments gets slow
services:
  - name: checkout
    owner: team-checkout
    importance: critical
    proxies:
      - name: to-payments
        listen: 127.0.0.1:21001
        upstream: 127.0.0.1:4003
steady_state:
  probes:
    - name: health
      service: checkout
      url: http://127.0.0.1:4002/health
faults:
  - name: slow
    at: 10s
    for: 30s
    proxy: to-payments
    type: latency
    attributes: { latency: 800ms }
`;

/** VALID with `from` replaced by `to` (which must occur exactly once), and `extra` appended. */
export const broken = (from: string, to: string, extra = ''): string => {
  const parts = VALID.split(from);
  if (parts.length !== 2) throw new Error(`fixture: "${from}" occurs ${parts.length - 1} times in VALID`);
  return parts.join(to) + extra;
};
