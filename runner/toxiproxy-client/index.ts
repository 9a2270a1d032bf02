export { createToxiproxyClient, DEFAULT_TIMEOUT_MS } from './client.ts';
export type { ToxiproxyClient, ToxiproxyClientOptions } from './client.ts';
export { openToxiproxy } from './open.ts';
export type { OpenToxiproxyOptions, OpenedToxiproxy } from './open.ts';
export { parseToxiproxyUrl } from './url.ts';
export {
  ToxiproxyHttpError,
  ToxiproxyResponseError,
  ToxiproxyTimeoutError,
  ToxiproxyUnreachableError,
  ToxiproxyUrlError,
} from './errors.ts';
export type {
  NewProxy,
  NewToxic,
  Proxy,
  ProxyChange,
  Stream,
  Toxic,
  ToxicChange,
  ToxicType,
} from './schemas.ts';
