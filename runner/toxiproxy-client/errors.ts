import { ConfigError, GamedayError, UnavailableError } from '../errors.ts';

/** Where to point gameday at another server; appended to "cannot reach" messages. */
const WHERE_TO_SET = 'set TOXIPROXY_URL or toxiproxy: in the experiment';

/** Nothing answered at the address: the connection failed before any HTTP. */
export class ToxiproxyUnreachableError extends UnavailableError {
  constructor(
    readonly url: string,
    /** Why, in words: `connection refused`, `host not found`. */
    readonly reason: string,
    options: { cause?: unknown } = {},
  ) {
    super(`cannot reach Toxiproxy at ${url}: ${reason} — is it running? (${WHERE_TO_SET})`, options);
    this.name = 'ToxiproxyUnreachableError';
  }
}

/** The server took the connection but gave no whole answer in time. */
export class ToxiproxyTimeoutError extends UnavailableError {
  constructor(
    readonly url: string,
    /** `GET /proxies` */
    readonly request: string,
    /** The limit that passed, in milliseconds. */
    readonly timeoutMs: number,
  ) {
    super(
      `Toxiproxy at ${url} did not answer ${request} within ${timeoutMs} ms — is it overloaded, or is something other than Toxiproxy listening there? (${WHERE_TO_SET})`,
    );
    this.name = 'ToxiproxyTimeoutError';
  }
}

/** The server answered with an error status; `serverMessage` is its `error` text. */
export class ToxiproxyHttpError extends GamedayError {
  constructor(
    readonly url: string,
    readonly request: string,
    /** The HTTP status: 400, 404, 409, 500, ... */
    readonly status: number,
    /** The server's own words: the `error` field of its JSON body, or the body text. */
    readonly serverMessage: string,
  ) {
    super(`Toxiproxy at ${url} refused ${request}: ${serverMessage} (HTTP ${status})`);
    this.name = 'ToxiproxyHttpError';
  }
}

/** The server answered 2xx with a body that is not the Toxiproxy object expected. */
export class ToxiproxyResponseError extends GamedayError {
  constructor(
    readonly url: string,
    readonly request: string,
    /** What was wrong with the body. */
    readonly problem: string,
  ) {
    super(`Toxiproxy at ${url} answered ${request} with an unexpected body: ${problem} — is that a Toxiproxy server?`);
    this.name = 'ToxiproxyResponseError';
  }
}

/** A Toxiproxy address (TOXIPROXY_URL, `toxiproxy:` in an experiment) is not a usable http URL. */
export class ToxiproxyUrlError extends ConfigError {
  constructor(
    /** Where the address came from: `TOXIPROXY_URL`, `the toxiproxy URL`. */
    readonly source: string,
    readonly value: string,
    problem: string,
  ) {
    super(`${source} ${problem}: ${JSON.stringify(value)} (expected http://host:port, e.g. http://127.0.0.1:8474)`);
    this.name = 'ToxiproxyUrlError';
  }
}
