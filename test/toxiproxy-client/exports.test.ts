import { expect, it } from 'vitest';
import * as client from '../../runner/toxiproxy-client/index.ts';

// The folder's public surface: what the rest of runner/ may use.
it('exports exactly the client surface', () => {
  expect(Object.keys(client).sort()).toEqual([
    'DEFAULT_TIMEOUT_MS',
    'ToxiproxyHttpError',
    'ToxiproxyResponseError',
    'ToxiproxyTimeoutError',
    'ToxiproxyUnreachableError',
    'ToxiproxyUrlError',
    'createToxiproxyClient',
    'openToxiproxy',
    'parseToxiproxyUrl',
  ]);
});
