import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { ApiError } from '../errors.ts';

/** A listen address as Go's net package resolves it; host '' means every interface. */
export interface ResolvedAddress {
  host: string;
  port: number;
}

/** Splits `host:port` (`[v6]:port` too) the way Go's net.SplitHostPort does, with its messages. */
export function splitHostPort(address: string): { host: string; port: string } {
  const missingPort = new ApiError(`address ${address}: missing port in address`, 500);
  if (address.startsWith('[')) {
    const end = address.indexOf(']');
    if (end < 0) throw new ApiError(`address ${address}: missing ']' in address`, 500);
    if (address[end + 1] !== ':') throw missingPort;
    return { host: address.slice(1, end), port: address.slice(end + 2) };
  }
  const colon = address.lastIndexOf(':');
  if (colon < 0) throw missingPort;
  const host = address.slice(0, colon);
  if (host.includes(':')) throw new ApiError(`address ${address}: too many colons in address`, 500);
  return { host, port: address.slice(colon + 1) };
}

/**
 * Resolves a listen or upstream address like Go's net.ResolveTCPAddr: names
 * are looked up, preferring IPv4 (so `localhost` is 127.0.0.1). Errors carry
 * Go's wording without the `listen tcp:` prefix, which the caller adds where
 * the real server does.
 */
export async function resolveAddress(address: string): Promise<ResolvedAddress> {
  // An empty address means every interface on a port the system picks.
  if (address === '') return { host: '', port: 0 };
  const { host, port: portText } = splitHostPort(address);
  const port = parsePort(address, portText);
  if (host === '' || isIP(host)) return { host, port };
  try {
    const found = await lookup(host, { family: 0, all: true });
    const chosen = found.find((a) => a.family === 4) ?? found[0];
    if (!chosen) throw new Error('no address');
    return { host: chosen.address, port };
  } catch {
    throw new ApiError(`lookup ${host}: no such host`, 500);
  }
}

function parsePort(address: string, text: string): number {
  if (text === '') return 0;
  if (!/^\d+$/.test(text)) throw new ApiError(`lookup tcp/${text}: unknown port`, 500);
  const port = Number(text);
  if (port > 65535) throw new ApiError(`address ${address}: invalid port`, 500);
  return port;
}

/** An address as Go prints it: `127.0.0.1:8474`, `[::1]:8474`, `:8474` for every interface. */
export function formatAddress({ host, port }: ResolvedAddress): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The bound address of a listener, as the real server reports it (`[::]:port` for all interfaces). */
export function formatBound(address: { address: string; port: number }): string {
  return formatAddress({ host: address.address === '::' ? '::' : address.address, port: address.port });
}

/** Go's text for a failed bind, from Node's error code. */
export function bindError(listen: string, error: NodeJS.ErrnoException): ApiError {
  const reasons: Record<string, string> = {
    EADDRINUSE: 'address already in use',
    EACCES: 'permission denied',
    EADDRNOTAVAIL: 'cannot assign requested address',
  };
  const reason = reasons[error.code ?? ''] ?? error.message;
  return new ApiError(`listen tcp ${listen}: bind: ${reason}`, 500);
}
