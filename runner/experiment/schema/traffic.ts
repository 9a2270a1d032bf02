import { z } from 'zod';
import { whenGiven } from '../describe-value.ts';
import { duration } from '../duration.ts';
import { headers, httpMethod, httpUrl, name, positiveInt } from './common.ts';

export const endpointSchema = z
  .strictObject({
    name: name('Short name for reports; defaults to METHOD path').optional(),
    url: httpUrl('URL to request (usually the service that calls through the proxies)'),
    method: httpMethod.default('GET'),
    headers: headers.optional(),
    body: z.string().describe('Request body').optional(),
    weight: positiveInt('Relative share of the requests that go to this endpoint').default(1),
    timeout: duration('A request taking longer counts as failed').prefault('5s'),
  })
  .describe('One endpoint of the load');

/**
 * Open-loop load: requests are sent on a fixed schedule whatever the answers
 * take, so a slow system does not slow the load down (no coordinated omission).
 */
export const trafficSchema = z
  .strictObject({
    rate: z.number().positive().max(10_000).describe('Requests per second, across all endpoints (at most 10000)'),
    duration: z
      .union([z.literal('run'), duration('How long the load runs from the start of the run')], {
        error: whenGiven((shown) => `${shown} is not a duration or run (expected run, or a duration such as 2m or 90s)`),
      })
      .default('run')
      .describe('How long the load runs: `run` (the default) for the whole run, or a duration from its start'),
    endpoints: z.array(endpointSchema).min(1).describe('Where the load goes, split by weight'),
  })
  .describe('The load sent through the system during the run');
