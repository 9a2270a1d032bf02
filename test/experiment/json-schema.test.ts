import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { experimentJsonSchema, experimentJsonSchemaText, JSON_SCHEMA_PATH } from '../../runner/experiment/index.ts';

describe('experiments/experiment.schema.json', () => {
  it('is the one generated from the zod schema (run `npm run schema` after changing it)', async () => {
    const committed = await readFile(new URL(`../../${JSON_SCHEMA_PATH}`, import.meta.url), 'utf8');
    expect(committed).toBe(experimentJsonSchemaText());
  });

  it('describes every property, for editors', () => {
    const undocumented: string[] = [];
    const visit = (node: unknown, path: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const schema = node as Record<string, unknown>;
      for (const [key, inner] of Object.entries((schema.properties as Record<string, unknown> | undefined) ?? {})) {
        if (typeof (inner as { description?: unknown }).description !== 'string') undocumented.push(`${path}.${key}`);
        visit(inner, `${path}.${key}`);
      }
      for (const list of [schema.anyOf, schema.oneOf]) if (Array.isArray(list)) list.forEach((option) => visit(option, path));
      if (schema.items !== undefined) visit(schema.items, `${path}[]`);
      if (typeof schema.additionalProperties === 'object') visit(schema.additionalProperties, `${path}.*`);
    };
    visit(experimentJsonSchema(), '');
    expect(undocumented).toEqual([]);
  });

  it('shows duration defaults as they are written in files', () => {
    const schema = experimentJsonSchema() as { properties: { steady_state: { properties: Record<string, unknown> } } };
    expect(schema.properties.steady_state.properties.window).toMatchObject({ default: '10s', $ref: '#/$defs/duration' });
  });
});
