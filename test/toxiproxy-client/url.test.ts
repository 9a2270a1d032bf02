import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../runner/errors.ts';
import { parseToxiproxyUrl, ToxiproxyUrlError } from '../../runner/toxiproxy-client/index.ts';

describe('parseToxiproxyUrl', () => {
  it.each([
    ['http://127.0.0.1:8474', 'http://127.0.0.1:8474'],
    ['http://127.0.0.1:8474/', 'http://127.0.0.1:8474'],
    ['  http://toxiproxy.internal:8474  ', 'http://toxiproxy.internal:8474'],
    ['HTTP://LOCALHOST:8474', 'http://localhost:8474'],
    ['https://chaos.example.com/toxiproxy/', 'https://chaos.example.com/toxiproxy'],
    ['http://[::1]:8474', 'http://[::1]:8474'],
  ])('accepts %j as %j', (input, expected) => {
    expect(parseToxiproxyUrl(input)).toBe(expected);
  });

  it.each([
    ['127.0.0.1:8474', 'is not a URL'],
    ['localhost:8474', 'must start with http://'],
    ['tcp://127.0.0.1:8474', 'must start with http://'],
    ['http://user:secret@127.0.0.1:8474', 'must not carry a user name or password'],
    ['http://127.0.0.1:8474/?x=1', 'must not have a query or fragment'],
    ['', 'is not a URL'],
  ])('rejects %j: %s', (input, problem) => {
    const error = (() => {
      try {
        parseToxiproxyUrl(input, 'TOXIPROXY_URL');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ToxiproxyUrlError);
    expect((error as Error).message).toBe(
      `TOXIPROXY_URL ${problem}: ${JSON.stringify(input)} (expected http://host:port, e.g. http://127.0.0.1:8474)`,
    );
    expect((error as ToxiproxyUrlError).exitCode).toBe(ExitCode.config);
  });
});
