import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../runner/experiment/index.ts';
import { closest, editDistance } from '../../runner/experiment/suggest.ts';

describe('durations', () => {
  it.each([
    ['250ms', 250],
    ['30s', 30_000],
    ['1.5s', 1500],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['0s', 0],
    ['0.4ms', 0],
  ])('parses %s as %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['30', '30 s', '-1s', '1d', 's', '', '1m 30s', '30S'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it.each([
    [0, '0s'],
    [250, '250ms'],
    [1500, '1.5s'],
    [30_000, '30s'],
    [90_000, '1m30s'],
    [3_600_000, '1h'],
    [3_661_500, '1h1m1.5s'],
  ])('formats %i ms as %s, which parses back', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(text)).toBe(ms);
  });
});

describe('did you mean', () => {
  it('counts insertions, deletions, substitutions and swaps', () => {
    expect(editDistance('name', 'name')).toBe(0);
    expect(editDistance('nmae', 'name')).toBe(1);
    expect(editDistance('nam', 'name')).toBe(1);
    expect(editDistance('nane', 'name')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests the closest candidate only when it is a likely typo', () => {
    expect(closest('severty', ['severity', 'service'])).toBe('severity');
    expect(closest('LATENCY', ['latency', 'bandwidth'])).toBe('latency');
    expect(closest('xyz', ['latency', 'bandwidth'])).toBeUndefined();
    expect(closest('ab', ['xy'])).toBeUndefined();
  });
});

describe('runner/experiment', () => {
  it('exports this public surface', async () => {
    const surface = await import('../../runner/experiment/index.ts');
    expect(Object.keys(surface).sort()).toEqual([
      'DEFAULT_SERVER',
      'DURATION_PATTERN',
      'JSON_SCHEMA_PATH',
      'describeCondition',
      'experimentJsonSchema',
      'experimentJsonSchemaText',
      'experimentSchema',
      'formatDuration',
      'formatProblem',
      'loadExperimentFile',
      'loadExperimentText',
      'parseDuration',
      'planExperiment',
      'renderPlan',
    ]);
  });
});
