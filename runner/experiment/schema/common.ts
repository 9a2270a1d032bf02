import { z } from 'zod';
import { whenGiven } from '../describe-value.ts';

/**
 * Small field types shared by the parts of the experiment schema. Each
 * format check carries its own message, `<value> is not … (expected …)`,
 * because zod's default for a failed pattern names only the regex.
 */

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const NAME_EXPECTED = 'letters, digits, ".", "_" or "-", starting with a letter or digit';

/** A name that others refer to and that ends up in Toxiproxy names, file names and URLs. */
export const name = (what: string) =>
  z
    .string()
    .regex(NAME, { error: whenGiven((shown) => `${shown} is not a valid name (expected ${NAME_EXPECTED})`) })
    .describe(what);

/** Free text, not empty. */
export const text = (what: string) => z.string().min(1).describe(what);

const HOST_PORT = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$/;

/** `host:port` as Toxiproxy takes it for listen and upstream; port 0 to 65535. */
export const hostPort = (what: string) =>
  z
    .string()
    .refine((value) => Number(HOST_PORT.exec(value)?.[1] ?? Number.NaN) <= 65_535, {
      error: whenGiven((shown) => `${shown} is not an address (expected host:port, such as 127.0.0.1:8080, port 0 to 65535)`),
    })
    .describe(what);

/** An http:// or https:// URL. */
export const httpUrl = (what: string) =>
  z
    .url({
      protocol: /^https?$/,
      error: whenGiven(
        (shown) => `${shown} is not an http(s) URL (expected e.g. http://127.0.0.1:8080/health)`,
        'an http(s) URL such as http://127.0.0.1:8080/health',
      ),
    })
    .describe(what);

/** A fraction from 0 to 1 (0.05 is 5 %). */
export const fraction = (what: string) => z.number().min(0).max(1).describe(`${what} (a fraction from 0 to 1: 0.05 is 5 %)`);

export const percentile = z.enum(['p50', 'p90', 'p95', 'p99']).describe('A latency percentile');

export const positiveInt = (what: string) => z.number().int().positive().describe(what);

export const nonNegativeInt = (what: string) => z.number().int().nonnegative().describe(what);

export const httpMethod = z
  .enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])
  .describe('HTTP method, in capitals');

export const headers = z
  .record(z.string(), z.string())
  .describe('HTTP request headers, name to value');

/** An HTTP status code, or several that all count as success. */
export const statusCodes = z
  .union([z.number().int().min(100).max(599), z.array(z.number().int().min(100).max(599)).min(1)])
  .describe('Expected HTTP status: one code or a list of codes; when absent, any 2xx');

/** How much a service matters to the business; drives the severity of findings. */
export const importance = z.enum(['critical', 'high', 'medium', 'low']);

/** Alert severities, as PagerDuty Events v2 names them; critical and error are high urgency. */
export const severity = z.enum(['critical', 'error', 'warning', 'info']);

export const urgency = z.enum(['high', 'low']);

/** A direction of a Toxiproxy proxy: downstream is server to client (responses), upstream client to server. */
export const stream = z
  .enum(['downstream', 'upstream'])
  .describe('Direction: downstream (responses, server to client) or upstream (requests, client to server)');

/** A shell command, run with /bin/sh -c from the experiment file's directory unless `cwd` says otherwise. */
export const command = (what: string) => z.string().min(1).describe(`${what} (run with /bin/sh -c)`);
