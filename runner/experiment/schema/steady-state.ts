import { z } from 'zod';
import { duration } from '../duration.ts';
import { fraction, headers, httpMethod, httpUrl, name, statusCodes, text } from './common.ts';

/** Upper bounds on latency percentiles, each optional: `{ p99: 800ms }`. */
export const latencyBoundsSchema = z
  .strictObject({
    p50: duration('Highest acceptable median latency').optional(),
    p90: duration('Highest acceptable 90th percentile latency').optional(),
    p95: duration('Highest acceptable 95th percentile latency').optional(),
    p99: duration('Highest acceptable 99th percentile latency').optional(),
  })
  .describe('Latency percentile bounds: each percentile must stay at or below its bound');

export const tolerancesSchema = z
  .strictObject({
    latency: latencyBoundsSchema.optional(),
    max_error_rate: fraction('Highest acceptable share of failed probe results').default(0),
  })
  .describe('What the probe may see while the steady state holds');

export const httpProbeSchema = z
  .strictObject({
    name: name('Name of the probe; alert rules and stop conditions refer to it'),
    type: z.literal('http').default('http').describe('Kind of probe; only http for now'),
    service: name('The service this probe watches (a `name` of `services`)').optional(),
    url: httpUrl('URL to request'),
    method: httpMethod.default('GET'),
    headers: headers.optional(),
    body: z.string().describe('Request body').optional(),
    interval: duration('Time between two probe requests').prefault('1s'),
    timeout: duration('A request taking longer counts as failed').prefault('2s'),
    expect: z
      .strictObject({ status: statusCodes.optional() })
      .describe('What a successful answer looks like')
      .default({}),
    tolerances: tolerancesSchema.prefault({}),
  })
  .describe('An HTTP probe: requests a URL at an interval and checks status and latency');

export const probeSchema = httpProbeSchema;

export const steadyStateSchema = z
  .strictObject({
    hypothesis: text('What the team believes about the system, in one or two sentences').optional(),
    window: duration(
      'How long the steady state is measured: before the faults (preflight; the run does not start if it fails) ' +
        'and again after recovery',
    ).prefault('10s'),
    recovery_timeout: duration(
      'After the last fault ends, how long the run waits for every probe to be within tolerance again',
    ).prefault('1m'),
    probes: z.array(probeSchema).min(1).describe('The probes that define the steady state'),
  })
  .describe('The steady-state hypothesis: probes and their tolerances');
