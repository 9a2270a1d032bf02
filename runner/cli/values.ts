import { UsageError } from '../errors.ts';

/**
 * Converters from an option's text to its typed value. Each throws a
 * UsageError that names the option, what it got and what it accepts.
 */

/** A TCP port, 0 to 65535; 0 lets the system pick a free one. */
export const portOption = (option: string, text: string): number => {
  const port = integerOption(option, text);
  if (port < 0 || port > 65_535) {
    throw new UsageError(`${option} must be a port from 0 to 65535, got ${text}`);
  }
  return port;
};

/** A whole number in the safe integer range, written in decimal. */
export const integerOption = (option: string, text: string): number => {
  const value = /^[+-]?\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value)) {
    throw new UsageError(`${option} must be a whole number, got "${text}"`);
  }
  return value;
};

/** A host name or IP address to listen on (no port, no scheme). */
export const hostOption = (option: string, text: string): string => {
  const host = text.trim();
  if (host === '' || /[\s/]/.test(host) || host.includes('://')) {
    throw new UsageError(`${option} must be a host name or IP address such as 127.0.0.1, got "${text}"`);
  }
  return host;
};
