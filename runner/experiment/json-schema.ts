import { z } from 'zod';
import { experimentSchema } from './schema.ts';

/** Where the generated JSON Schema is committed, relative to the repository root. */
export const JSON_SCHEMA_PATH = 'experiments/experiment.schema.json';

/**
 * The JSON Schema of what may be written in an experiment file (the input
 * side: durations as strings or numbers, defaults optional), for editors
 * (`# yaml-language-server: $schema=…`). Cross-field checks are not in it;
 * `gameday validate` does those.
 */
export const experimentJsonSchema = (): Record<string, unknown> => ({
  ...z.toJSONSchema(experimentSchema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }),
  title: 'gameday experiment',
});

/** The file's text: stable two-space JSON with a final newline, so diffs stay small. */
export const experimentJsonSchemaText = (): string => `${JSON.stringify(experimentJsonSchema(), null, 2)}\n`;
