import type { Handler } from '../types.ts';

/** The Toxiproxy release whose behaviour this server reproduces, and which /version reports. */
export const TOXIPROXY_VERSION = '2.12.0';

/** GET /version: hand-written JSON with a space after the colon and a newline, as 2.7.0 and later send it. */
export const version: Handler = async () => ({
  status: 200,
  headers: { 'Content-Type': 'application/json;charset=utf-8' },
  body: `{"version": "${TOXIPROXY_VERSION}"}\n`,
});
