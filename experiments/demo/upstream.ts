/**
 * The HTTP client a demo service calls its dependencies with. Each call opens
 * its own connection (no keep-alive), so a toxic added to a proxy applies to
 * the next call, and every call is counted in the service's metrics.
 *
 * A call has a deadline only when the caller gives one (`timeoutMs`); without
 * one it waits as long as the dependency keeps the connection open — that is
 * the missing-timeout weakness checkout has towards payments. `abortAll`
 * (on close) ends every call still waiting, with reason `shutdown`.
 */
import http from 'node:http';
import { UpstreamError, type UpstreamFailure } from './errors.ts';
import type { ServiceMetrics } from './metrics.ts';

export interface UpstreamRequest {
  method: 'GET' | 'POST';
  /** Path and query, appended to the dependency's base URL. */
  path: string;
  /** Sent as JSON when given. */
  body?: unknown;
  /** Deadline for the whole exchange, in milliseconds; none when undefined. */
  timeoutMs?: number;
}

export interface UpstreamResponse {
  status: number;
  /** The JSON body, or undefined when the body was empty. */
  body: unknown;
}

/** Called once per failed call, for the service's log. */
export type UpstreamFailureListener = (error: UpstreamError) => void;

/** Largest answer body read from a dependency, in bytes. */
const MAX_RESPONSE_BYTES = 1024 * 1024;

export class Upstream {
  private readonly agent = new http.Agent({ keepAlive: false });
  /** Calls waiting for an answer, each with the function that abandons it. */
  private readonly pending = new Map<http.ClientRequest, (reason: UpstreamFailure, detail: string) => void>();
  private closed = false;

  constructor(
    private readonly baseUrls: Readonly<Record<string, string>>,
    private readonly metrics: ServiceMetrics,
    private readonly onFailure: UpstreamFailureListener = () => {},
  ) {}

  /**
   * Calls `dependency` and resolves with any answer it gives, 5xx included
   * (a 5xx is also counted as a `status` failure). Rejects with an
   * UpstreamError on a timeout, a network failure, a body that is not JSON,
   * or shutdown.
   */
  async call(dependency: string, request: UpstreamRequest): Promise<UpstreamResponse> {
    const base = this.baseUrls[dependency];
    if (base === undefined) throw new Error(`no URL for dependency "${dependency}"`);
    const finish = this.metrics.upstreamStarted(dependency);
    try {
      const response = await this.exchange(dependency, new URL(base.replace(/\/+$/, '') + request.path), request);
      finish(response.status >= 500 ? 'status' : undefined);
      return response;
    } catch (error) {
      const failure =
        error instanceof UpstreamError ? error : new UpstreamError(dependency, 'network', describe(error), { cause: error });
      finish(failure.reason);
      this.onFailure(failure);
      throw failure;
    }
  }

  /** Ends every call still waiting (each rejects with reason `shutdown`); later calls fail at once. */
  abortAll(): void {
    this.closed = true;
    for (const abandon of this.pending.values()) abandon('shutdown', 'caller is shutting down');
    this.agent.destroy();
  }

  private exchange(dependency: string, url: URL, request: UpstreamRequest): Promise<UpstreamResponse> {
    const fail = (reason: UpstreamFailure, detail: string, cause?: unknown): UpstreamError =>
      new UpstreamError(dependency, reason, detail, { cause });
    if (this.closed) return Promise.reject(fail('shutdown', 'caller is shutting down'));
    const payload = request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(payload.length);
    }
    return new Promise<UpstreamResponse>((resolve, reject) => {
      const outgoing = http.request(url, { method: request.method, headers, agent: this.agent });
      // Set when this side ends the call (deadline, shutdown), so the socket error that follows is reported as that.
      let abandoned: UpstreamError | undefined;
      const abandon = (reason: UpstreamFailure, detail: string): void => {
        abandoned ??= fail(reason, detail);
        outgoing.destroy(abandoned);
      };
      this.pending.set(outgoing, abandon);
      const timer =
        request.timeoutMs === undefined
          ? undefined
          : setTimeout(() => abandon('timeout', `no answer within ${request.timeoutMs} ms`), request.timeoutMs);
      const settle = (outcome: () => void): void => {
        if (!this.pending.delete(outgoing)) return;
        clearTimeout(timer);
        outcome();
      };
      const failWith = (reason: UpstreamFailure, detail: string, cause?: unknown): void =>
        settle(() => reject(abandoned ?? fail(reason, detail, cause)));
      outgoing.on('error', (error) => failWith('network', describe(error), error));
      outgoing.on('response', (incoming) => {
        readBody(incoming).then(
          (text) => {
            let body: unknown;
            try {
              body = text === '' ? undefined : JSON.parse(text);
            } catch (error) {
              failWith('invalid_response', `answered ${incoming.statusCode} with a body that is not JSON`, error);
              return;
            }
            settle(() => resolve({ status: incoming.statusCode ?? 0, body }));
          },
          (error: unknown) => failWith('network', describe(error), error),
        );
      });
      outgoing.end(payload);
    });
  }
}

async function readBody(incoming: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_RESPONSE_BYTES) throw new Error(`answer larger than ${MAX_RESPONSE_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const describe = (error: unknown): string => {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === undefined ? error.message : `${code} ${error.message}`;
  }
  return String(error);
};
