/**
 * `npm run schema`: writes experiments/experiment.schema.json from the zod
 * schema. A test fails when the committed file is out of date.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { experimentJsonSchemaText, JSON_SCHEMA_PATH } from './json-schema.ts';

const target = fileURLToPath(new URL(`../../${JSON_SCHEMA_PATH}`, import.meta.url));
await writeFile(target, experimentJsonSchemaText());
process.stdout.write(`wrote ${JSON_SCHEMA_PATH}\n`);
