import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHead } from './types.ts';

/**
 * The run's shared secret. Compared through SHA-256 digests with
 * timingSafeEqual, so neither the time taken nor an early exit on length
 * tells a guesser how close they are.
 */
export class Secret {
  private readonly digest: Buffer;

  constructor(secret: string) {
    this.digest = sha256(secret);
  }

  matches(candidate: string | undefined): boolean {
    return candidate !== undefined && timingSafeEqual(sha256(candidate), this.digest);
  }
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * The credential in the Authorization header: a `Bearer` token, or the
 * password of `Basic` (Grafana's contact points offer basic auth; the user
 * name is ignored). Undefined when there is none.
 */
export function headerCredential(headers: RequestHead['headers']): string | undefined {
  const value = headers.authorization;
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(bearer|basic)\s+(.+?)\s*$/i.exec(value);
  if (!match) return undefined;
  const [, scheme, token] = match;
  if (scheme!.toLowerCase() === 'bearer') return token;
  const decoded = Buffer.from(token!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : decoded.slice(colon + 1);
}
