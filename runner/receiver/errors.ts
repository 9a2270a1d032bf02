/**
 * The one error the receiver answers with: an HTTP status, a message that
 * says what is wrong and what to do, and for a body that does not fit its
 * form, each problem on its own (`errors`). respond.ts turns it into the
 * answer; a sender may word it its own way (PagerDuty's `invalid event`).
 */
export class ReceiverError extends Error {
  readonly status: number;
  /** Each problem found, e.g. `alerts[0].status: Invalid option: expected one of "firing"|"resolved"`. */
  readonly errors: readonly string[];
  /** Extra response headers, e.g. `Allow` on a 405. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    message: string,
    options: { errors?: readonly string[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ReceiverError';
    this.status = status;
    this.errors = options.errors ?? [];
    this.headers = options.headers ?? {};
  }
}

/** 400: the body is not JSON, or not the sender's form; `errors` lists every problem found. */
export const invalidBody = (message: string, errors: readonly string[] = [message]): ReceiverError =>
  new ReceiverError(400, message, { errors });

export const unauthorized = (how: string): ReceiverError =>
  new ReceiverError(401, `missing or wrong secret: send the run's receiver secret as ${how}`, {
    headers: { 'WWW-Authenticate': 'Bearer realm="gameday"' },
  });

export const notFound = (path: string, paths: readonly string[]): ReceiverError =>
  new ReceiverError(404, `no receiver at ${path}; receivers: ${paths.map((p) => `POST ${p}`).join(', ')}`);

export const methodNotAllowed = (method: string, path: string): ReceiverError =>
  new ReceiverError(405, `${method} ${path} is not allowed; alerts are sent with POST`, { headers: { Allow: 'POST' } });

/** 413; `maxBodyBytes` is the bound in bytes. */
export const tooLarge = (maxBodyBytes: number): ReceiverError =>
  new ReceiverError(413, `body is larger than ${maxBodyBytes} bytes, the receiver's bound (option maxBodyBytes)`);

export const unsupportedEncoding = (encoding: string): ReceiverError =>
  new ReceiverError(415, `Content-Encoding ${encoding} is not supported; send the body uncompressed`);

/** 500: the run could not record the alerts (its journal write failed); the sender should send them again. */
export const notRecorded = (cause: unknown): ReceiverError =>
  new ReceiverError(
    500,
    `the alerts were not recorded (${cause instanceof Error ? cause.message : String(cause)}); nothing was accepted, send them again`,
    { cause },
  );
