import { GamedayError, isGamedayError } from '../errors.ts';
import { DEFAULT_SERVER } from '../experiment/index.ts';
import { ToxiproxyHttpError } from '../toxiproxy-client/index.ts';
import { at } from './where.ts';

/** The plan names a host the run has no Toxiproxy server for: the plan and the run context disagree. */
export class UnknownServerError extends GamedayError {
  constructor(
    readonly host: string,
    known: readonly string[],
  ) {
    super(`no Toxiproxy server for host "${host}" (servers of this run: ${known.join(', ') || 'none'})`);
    this.name = 'UnknownServerError';
  }
}

/** A proxy of the plan could not be created; proxies created before it stay, for the rollback to remove. */
export class ProxyCreationError extends GamedayError {
  constructor(
    readonly proxy: string,
    readonly url: string,
    cause: unknown,
    /** The host of the server, named in the message when there are several. */
    readonly host: string = DEFAULT_SERVER,
  ) {
    super(`could not create proxy ${proxy} on Toxiproxy ${at(host, url)}: ${errorText(cause)}`, {
      cause,
      exitCode: exitCodeOf(cause),
    });
    this.name = 'ProxyCreationError';
  }
}

/** A fault could not be injected; it is journaled as injecting, so the rollback still tries to remove it. */
export class FaultInjectionError extends GamedayError {
  constructor(
    readonly fault: string,
    readonly url: string,
    cause: unknown,
    /** The host of the server, named in the message when there are several. */
    readonly host: string = DEFAULT_SERVER,
  ) {
    super(`could not inject fault ${fault} on Toxiproxy ${at(host, url)}: ${errorText(cause)}`, {
      cause,
      exitCode: exitCodeOf(cause),
    });
    this.name = 'FaultInjectionError';
  }
}

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A 404 from the server: the proxy or toxic is not there, which for a removal means done. */
export const isNotFound = (error: unknown): boolean => error instanceof ToxiproxyHttpError && error.status === 404;

const exitCodeOf = (cause: unknown): number | undefined => (isGamedayError(cause) ? cause.exitCode : undefined);
