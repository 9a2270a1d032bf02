import { expect, it } from 'vitest';
import { locateJsonError } from '../../runner/receiver/json-syntax.ts';
import { alertmanagerBody, grafanaBody, pagerdutyTrigger } from './fixtures.ts';

/** mulberry32: a seeded random source, so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

it('agrees with JSON.parse on what is JSON, for thousands of damaged bodies', () => {
  const next = random(42);
  const bodies = [alertmanagerBody(), grafanaBody(), pagerdutyTrigger(), [1, -2.5e3, true, null, 'é\\"\u2028']].map((b) => JSON.stringify(b, null, 1));
  const junk = ['{', '}', '[', ']', ',', ':', '"', '\\', '0', '-', '.', 'e', 't', 'n', ' ', '\n', '\u0001', 'x'];
  let damaged = 0;
  for (let i = 0; i < 5000; i++) {
    const body = bodies[i % bodies.length]!;
    const at = Math.floor(next() * body.length);
    const edit = next();
    const text =
      edit < 0.4
        ? body.slice(0, at) + body.slice(at + 1)
        : edit < 0.8
          ? body.slice(0, at) + junk[Math.floor(next() * junk.length)]! + body.slice(at)
          : body.slice(0, at);
    const problem = locateJsonError(text);
    if (parses(text)) expect(problem, text).toBeUndefined();
    else {
      damaged++;
      expect(problem, text).toBeDefined();
      expect(problem!.position).toBeLessThanOrEqual(text.length);
    }
  }
  // Edits inside strings often leave valid JSON; about half of these do not.
  expect(damaged).toBeGreaterThan(2000);
});

it('gives line and column of the offending character', () => {
  expect(locateJsonError('{\n  "a": 1,\n  "b": tru\n}')).toEqual({ position: 19, line: 3, column: 8, found: 'unexpected "t"', expected: 'a value' });
  expect(locateJsonError('{"a": [1, 2}')).toMatchObject({ line: 1, column: 12, expected: "',' or ']'" });
  expect(locateJsonError('"abc')).toMatchObject({ found: 'unexpected end of body', expected: "'\"' to end the string" });
  expect(locateJsonError('[' + '[1],'.repeat(100_000))).toMatchObject({ found: 'unexpected end of body' });
});
