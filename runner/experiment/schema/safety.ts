import { z } from 'zod';
import { duration } from '../duration.ts';
import { command, name, text } from './common.ts';
import { stopConditionSchema } from './conditions.ts';

export const rollbackStepSchema = z
  .strictObject({
    name: name('Name of the step, for the journal'),
    command: command('Command that undoes something the drill may have changed'),
    timeout: duration('Stop it (SIGTERM) after this long').prefault('30s'),
    cwd: text('Directory to run it in, relative to the experiment file').optional(),
  })
  .describe('A rollback step, run after the faults are removed, whatever the verdict');

/** The default of max_duration (30m), for checks that read a file before its defaults are applied. */
export const DEFAULT_MAX_DURATION_MS = 30 * 60_000;

export const safetySchema = z
  .strictObject({
    max_duration: duration('The run is aborted and rolled back after this long; every fault must end before it').prefault(
      '30m',
    ),
    stop_conditions: z.array(stopConditionSchema).default([]).describe('Any one of these holding aborts the run'),
    rollback: z.array(rollbackStepSchema).default([]).describe('What must be rolled back besides the toxics'),
  })
  .describe('Stop conditions, the longest run allowed, and rollback');
