import { z } from 'zod';
import { VERDICTS } from '../journal/index.ts';

/**
 * The parts of run.json (runner/run/summary.ts) a postmortem uses, read
 * leniently: run.json is derived from the journal, so a postmortem can do
 * without it; what it adds is the judgement of each expectation (latency and
 * error-rate expectations need the run's samples, which the journal lacks).
 */
const latency = z.object({ p50: z.number(), p99: z.number() }).nullable();

export const runRecordSchema = z.object({
  run_id: z.string(),
  verdict: z.enum(VERDICTS),
  reason: z.string(),
  traffic: z.object({ requests: z.number(), failures: z.number(), error_rate: z.number(), latency_ms: latency }).optional(),
  expectations: z
    .array(
      z.object({
        name: z.string(),
        type: z.string(),
        met: z.boolean(),
        value: z.number().nullable(),
        detail: z.string(),
      }),
    )
    .default([]),
  left_behind: z.array(z.string()).default([]),
});

export type RunRecord = z.output<typeof runRecordSchema>;
