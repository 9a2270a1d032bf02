import { z } from 'zod';

/** The fields every journal event has (see events.ts). */
export const base = {
  seq: z.number().int().positive(),
  t: z.number().describe('Milliseconds since the run started, from a monotonic clock'),
  at: z.iso.datetime({ offset: true }).describe('Wall-clock time, ISO 8601'),
  source: z.enum(['runner', 'traffic', 'probe', 'toxiproxy', 'rules', 'receiver', 'responder', 'operator', 'watchdog', 'recover']),
};

export const event = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ ...base, type: z.literal(type), ...shape });

