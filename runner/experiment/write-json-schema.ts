/**
 * `npm run schema`: writes experiments/experiment.schema.json from the zod
 * schema, and the experiment reference into README.md between its markers
 * (only there: the README is read just before it is written, so edits to the
 * rest of it are kept). Tests fail when either is out of date.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { experimentJsonSchemaText, JSON_SCHEMA_PATH } from './json-schema.ts';
import { experimentReferenceMarkdown, README_PATH, spliceReference } from './reference.ts';

const fromRoot = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));

await writeFile(fromRoot(JSON_SCHEMA_PATH), experimentJsonSchemaText());
process.stdout.write(`wrote ${JSON_SCHEMA_PATH}\n`);

const reference = experimentReferenceMarkdown();
const readme = await readFile(fromRoot(README_PATH), 'utf8');
const updated = spliceReference(readme, reference);
if (updated !== readme) await writeFile(fromRoot(README_PATH), updated);
process.stdout.write(`${updated === readme ? 'unchanged' : 'wrote'} the experiment reference in ${README_PATH}\n`);
