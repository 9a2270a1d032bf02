import { UpstreamError } from '../errors.ts';
import type { UpstreamResponse } from '../upstream.ts';

/** The `error` field a demo service puts in its error bodies, or a stand-in when there is none. */
export const errorText = (response: UpstreamResponse): string => {
  const body = response.body;
  if (typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string') return body.error;
  return 'no error message';
};

/** A dependency answered with a status its caller does not expect (502 to the caller's client). */
export const unexpectedStatus = (dependency: string, response: UpstreamResponse): UpstreamError =>
  new UpstreamError(dependency, 'status', `answered ${response.status}: ${errorText(response)}`);
