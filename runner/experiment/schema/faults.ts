import { z } from 'zod';
import { describeValue, whenGiven } from '../describe-value.ts';
import { duration, formatDuration } from '../duration.ts';
import { fraction, name, nonNegativeInt, stream, text } from './common.ts';

/**
 * A fault: one toxic (or a disabled proxy, `down`) on one proxy for a time.
 * Attributes are checked against the type, in the units of the Toxiproxy API
 * (shared/reference/toxiproxy-api.md §5), except that time attributes in
 * milliseconds also take duration strings. Values that crash the real
 * Toxiproxy (negative bandwidth, slicer average_size 0 or size_variation not
 * below average_size) are refused here.
 */

const positiveDuration = (what: string) =>
  duration(what).refine((ms) => ms > 0, {
    error: (issue) => `${formatDuration(Number(issue.input))} is too short (expected a duration above 0)`,
  });

const when = {
  name: name('Name of the fault; it names the toxic and expectations refer to it'),
  description: text('What this fault simulates, for people').optional(),
  at: duration('When the fault starts, from the start of the run (when the traffic starts)'),
  for: positiveDuration('How long the fault lasts'),
  proxy: name('The proxy to act on (a `name` in some service\'s `proxies`)'),
};

const toxicFields = {
  ...when,
  stream: stream.default('downstream'),
  toxicity: fraction('Probability that the toxic applies to a connection').default(1),
};

const toxic = <T extends string, A extends z.ZodType>(type: T, attributes: A, what: string) =>
  z
    .strictObject({
      ...toxicFields,
      type: z.literal(type).describe(`The kind of fault: ${type}`),
      attributes: attributes.describe(`Attributes of the ${type} toxic`),
    })
    .describe(what);

const latencyAttributes = z.strictObject({
  latency: duration('Delay added to each chunk of data'),
  jitter: duration('Random variation of the delay, plus or minus').prefault('0s'),
});

const bandwidthAttributes = z.strictObject({
  rate: nonNegativeInt('Throughput limit in KB/s (1 KB = 1000 bytes); 0 stalls the connection'),
});

const slowCloseAttributes = z.strictObject({
  delay: duration('How long the close of the connection is held back'),
});

const timeoutAttributes = z.strictObject({
  timeout: duration(
    'Data is dropped; the connection is closed after this long without data (0: never closed until the fault ends)',
  ),
});

const resetPeerAttributes = z.strictObject({
  timeout: duration('After the first data arrives, wait this long, then reset the connection (TCP RST)').prefault('0s'),
});

const slicerAttributes = z
  .strictObject({
    average_size: z.number().int().positive().describe('Size in bytes that data is sliced to, before variation (above 0)'),
    size_variation: nonNegativeInt('Random variation of the slice size in bytes; below average_size').default(0),
    delay: nonNegativeInt('Pause after each slice, in MICROseconds (Toxiproxy\'s unit for this attribute)').default(0),
  })
  // average_size 0 is reported on its own; comparing with it would only repeat that.
  .refine((attributes) => attributes.average_size <= 0 || attributes.size_variation < attributes.average_size, {
    path: ['size_variation'],
    error: (issue) => {
      const value = issue.input as { size_variation: number; average_size: number };
      const found = `${describeValue(value.size_variation)} is not below average_size ${value.average_size}`;
      return `${found} (expected size_variation < average_size)`;
    },
  });

const limitDataAttributes = z.strictObject({
  bytes: nonNegativeInt('Bytes let through per connection and direction before it is closed'),
});

const noAttributes = z.strictObject({}).default({});

export const latencyFault = toxic('latency', latencyAttributes, 'Adds latency to each chunk of data');
export const bandwidthFault = toxic('bandwidth', bandwidthAttributes, 'Limits throughput');
export const slowCloseFault = toxic('slow_close', slowCloseAttributes, 'Delays the close of connections');
export const timeoutFault = toxic('timeout', timeoutAttributes, 'Drops data and closes idle connections');
export const resetPeerFault = toxic('reset_peer', resetPeerAttributes.prefault({}), 'Resets connections on data');
export const slicerFault = toxic('slicer', slicerAttributes, 'Slices data into small pieces, with optional pauses');
export const limitDataFault = toxic('limit_data', limitDataAttributes, 'Closes connections after some bytes');
export const noopFault = toxic('noop', noAttributes, 'Passes data unchanged (to test the drill itself)');

/** `down` is not a toxic: the proxy is disabled, so connections are refused, for the fault's duration. */
const notForDown = (key: string) =>
  z
    .never({
      error: whenGiven(
        () => `${key} does not apply to down, which disables the whole proxy (expected no ${key} on a down fault)`,
      ),
    })
    .optional()
    .describe(`Not allowed: down disables the whole proxy, so it has no ${key}`);

export const downFault = z
  .strictObject({
    ...when,
    type: z.literal('down').describe('The kind of fault: down'),
    stream: notForDown('stream'),
    toxicity: notForDown('toxicity'),
    attributes: notForDown('attributes'),
  })
  .describe('Takes the proxy down: connections are refused until the fault ends');

export const faultSchema = z
  .discriminatedUnion('type', [
    latencyFault,
    bandwidthFault,
    slowCloseFault,
    timeoutFault,
    resetPeerFault,
    slicerFault,
    limitDataFault,
    noopFault,
    downFault,
  ])
  .describe('A fault on one proxy for a time; `type` picks the toxic and its attributes');

export const faultTypes = faultSchema.options.map((option) => option.shape.type.value);
