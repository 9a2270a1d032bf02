import { z } from 'zod';
import { whenGiven } from '../describe-value.ts';
import { duration } from '../duration.ts';
import { command, hostPort, httpUrl, importance, name, statusCodes, text } from './common.ts';

/**
 * What a listed server's `url` must be. Every host of the list names a
 * running server: the embedded one lives inside the runner, on the runner's
 * machine, so it stands in only when the experiment names no server at all.
 */
const SERVER_URL_EXPECTED =
  "the URL of this host's Toxiproxy API, such as http://10.0.0.5:8474: with a list, each host runs its own " +
  '`gameday toxiproxy` or Toxiproxy; the embedded server is used only when toxiproxy: is left out';

/** One Toxiproxy server of several, named by the host it runs on. */
export const toxiproxyServerSchema = z
  .strictObject({
    host: name('The host this server runs on; proxies name it in their `host`'),
    url: z
      .url({
        protocol: /^https?$/,
        error: whenGiven((shown) => `${shown} is not an http(s) URL (expected ${SERVER_URL_EXPECTED})`, SERVER_URL_EXPECTED),
      })
      .describe('URL of its HTTP API, e.g. `http://10.0.0.5:8474`'),
  })
  .describe('A Toxiproxy server on one host');

/**
 * Which Toxiproxy server(s) the run drives. Absent: TOXIPROXY_URL, else the
 * embedded server started in-process.
 */
export const toxiproxySchema = z
  .union([
    httpUrl('URL of the Toxiproxy HTTP API, e.g. `http://127.0.0.1:8474`'),
    z.array(toxiproxyServerSchema).min(1),
  ])
  .describe(
    'The Toxiproxy server: one API URL, or a list of {host, url}, one per host. ' +
      'When absent, TOXIPROXY_URL, else the embedded server.',
  );

export const proxySchema = z
  .strictObject({
    name: name('Name of the proxy on the Toxiproxy server; faults name it in `proxy`'),
    listen: hostPort('Address the proxy listens on, host:port (the service calls this instead of the dependency)'),
    upstream: hostPort('Address of the real dependency the proxy forwards to, host:port'),
    host: name('Which Toxiproxy server holds this proxy (a `host` of `toxiproxy`); needed when there are several').optional(),
    description: text('What this proxy stands in front of').optional(),
  })
  .describe('A Toxiproxy proxy in front of one dependency of the service');

export const healthCheckSchema = z
  .strictObject({
    url: httpUrl('URL that answers when the service is healthy'),
    status: statusCodes.optional(),
    timeout: duration('How long one check may take').prefault('2s'),
  })
  .describe('How to tell that the service is up (used in preflight and after start)');

const startObject = z.strictObject({
  command: command('Command that starts the service; it must keep running until stopped with SIGTERM'),
  cwd: text('Directory to run it in, relative to the experiment file').optional(),
  env: z.record(z.string(), z.string()).describe('Extra environment variables').optional(),
  ready_timeout: duration('How long to wait for the health check to pass after starting').prefault('10s'),
});

/** A command string is short for `{ command: … }`. */
export const startSchema = z
  .union([command('Command that starts the service'), startObject])
  .transform((value) =>
    typeof value === 'string' ? startObject.parse({ command: value }) : value,
  )
  .describe(
    'How to start the service for the run (the demo system does this); stopped when the run ends. ' +
      'A string is short for `{ command: … }`',
  );

export const serviceSchema = z
  .strictObject({
    name: name('Name of the service, as alerts, routing and postmortems refer to it'),
    owner: text('The team that owns the service'),
    importance: importance.describe('How much the service matters to the business: critical, high, medium or low'),
    description: text('What the service does').optional(),
    url: httpUrl('Base URL of the service').optional(),
    health: healthCheckSchema.optional(),
    start: startSchema.optional(),
    proxies: z
      .array(proxySchema)
      .default([])
      .describe('Proxies in front of the dependencies this service calls'),
  })
  .describe('A service of the system under test');
