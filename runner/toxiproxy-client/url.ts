import { ToxiproxyUrlError } from './errors.ts';

/**
 * Checks a Toxiproxy base address and returns it normalised: no trailing
 * slash, so paths append as `${url}/proxies`. A path prefix is kept (a server
 * behind a reverse proxy); https is accepted for the same reason, although
 * Toxiproxy itself speaks plain http. `source` names where the value came
 * from, for the error message.
 */
export const parseToxiproxyUrl = (value: string, source = 'the Toxiproxy URL'): string => {
  const text = value.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ToxiproxyUrlError(source, value, 'is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    // `localhost:8474` parses as a URL whose scheme is `localhost:`.
    throw new ToxiproxyUrlError(source, value, 'must start with http://');
  }
  if (url.username !== '' || url.password !== '') {
    throw new ToxiproxyUrlError(source, value, 'must not carry a user name or password');
  }
  if (url.search !== '' || url.hash !== '') {
    throw new ToxiproxyUrlError(source, value, 'must not have a query or fragment');
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
};
