/**
 * Errors of the demo services. A handler throws a DemoHttpError to answer
 * with its status; service.ts is the one place that turns errors into
 * responses (`{"error": message}`), and answers 500 for anything else.
 */
export class DemoHttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
    options: { cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DemoHttpError';
  }
}

/** The request body or a parameter is invalid (400). */
export class BadRequestError extends DemoHttpError {
  constructor(message: string) {
    super(message, 400);
    this.name = 'BadRequestError';
  }
}

/** No such route or no such thing (404). */
export class NotFoundError extends DemoHttpError {
  constructor(message: string) {
    super(message, 404);
    this.name = 'NotFoundError';
  }
}

/** The path exists but not for this method (405); `allow` goes to the Allow header. */
export class MethodNotAllowedError extends DemoHttpError {
  constructor(
    message: string,
    readonly allow: readonly string[],
  ) {
    super(message, 405);
    this.name = 'MethodNotAllowedError';
  }
}

/** The request conflicts with the state, e.g. not enough stock (409). */
export class ConflictError extends DemoHttpError {
  constructor(message: string) {
    super(message, 409);
    this.name = 'ConflictError';
  }
}

/** The request body is larger than a service accepts (413). */
export class PayloadTooLargeError extends DemoHttpError {
  constructor(limitBytes: number) {
    super(`request body larger than ${limitBytes} bytes`, 413);
    this.name = 'PayloadTooLargeError';
  }
}

/**
 * Why a call to a dependency failed:
 * - `timeout`: the caller's deadline passed (only calls that have one);
 * - `network`: connection refused, reset or closed before a whole answer;
 * - `status`: the dependency answered with an unexpected status (5xx, …);
 * - `invalid_response`: the answer was not the JSON expected;
 * - `shutdown`: the calling service is closing and abandoned the call.
 */
export type UpstreamFailure = 'timeout' | 'network' | 'status' | 'invalid_response' | 'shutdown';

const STATUS_BY_FAILURE: Record<UpstreamFailure, number> = {
  timeout: 504,
  network: 502,
  status: 502,
  invalid_response: 502,
  shutdown: 503,
};

/** A dependency failed; answered as 504 for a timeout, 503 on shutdown, 502 otherwise. */
export class UpstreamError extends DemoHttpError {
  constructor(
    readonly dependency: string,
    readonly reason: UpstreamFailure,
    detail: string,
    options: { cause?: unknown } = {},
  ) {
    super(`${dependency}: ${detail}`, STATUS_BY_FAILURE[reason], options);
    this.name = 'UpstreamError';
  }
}

/** A demo service or system was started with options it cannot use; the message names the option. */
export class DemoConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoConfigError';
  }
}

/** A demo service could not listen on its address (port taken, no such interface); `code` is the system error code. */
export class DemoListenError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    options: { cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DemoListenError';
  }
}
