import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { yamlOf } from '../../runner/postmortem/front-matter-yaml.ts';

// The front matter is written directly, not by the yaml library: the same text the library writes for a
// postmortem's shape, and for any string, YAML that reads back as that string.

const STRINGS = [
  'plain text', 'checkout-drill game day, 2025-03-02', 'PM-20250302-140000-checkout-drill-b7c1', '2025-03-02', '2025-03-02T14:00:04.005Z',
  'noisy-alert:evil|key`', 'Tune, route or retire the alert evil|key`: it fired', 'ends with a colon:', 'a # not a comment', 'a#b',
  '- dash', '-', '?', '? x', ': x', '#x', '&anchor', '*alias', '!tag', '|', '>', "'quoted'", '"double"', 'it\'s "both"', 'say "hi"',
  '%directive', '@at', '`tick', '[x]', '{x}', ',comma', ' leading', 'trailing ', '---', '--- x', '...', 'x\n---',
  'true', 'False', 'NULL', '~', 'null', '', '42', '-7', '+3', '0x1F', '0o17', '1e3', '.5', '3.', '.inf', '-.Inf', '.nan', '1_000',
  'é ü 😀', 'tab\there', 'line\nbreak', 'two\n\nbreaks', 'bell\u0007', 'nul\u0000', 'esc\u001b', 'del\u007f', 'c1\u0085\u0090',
  'nbsp\u00a0x', 'ls\u2028ps\u2029', 'bom\ufeff', 'lone \ud800 surrogate', 'back\\slash', 'back\\u0000slash', 'quote"and\\',
];

describe('yamlOf', () => {
  it('writes a postmortem-shaped value as the yaml library does', () => {
    const value = {
      id: 'PM-1',
      experiment: { name: 'x', file: 'experiments/x.yaml' },
      services: ['a', 'b'],
      tags: [],
      timestamps: { detected: null, recovered: '2025-03-02T14:00:04.005Z' },
      durations_ms: { time_to_detect: 2400, impact: 0, negative: -0, fraction: 1.5 },
      action_items: [
        { id: 'AI-7f2706', text: 'Make it so: now', owner: 'team', done: false, finding: 'missed-alert:x' },
        { id: 'AI-33a0e3', text: 'Fix', done: true, finding: null },
      ],
      empty: {},
      generator: { version: '0.1.0', template: 'default' },
    };
    expect(yamlOf(value)).toBe(stringify(value, { lineWidth: 0 }).replace(/\n$/, ''));
  });

  it.each(STRINGS)('writes %j so that it reads back the same', (text) => {
    const value = { text, list: [text], items: [{ text }] };
    expect(parse(yamlOf(value))).toEqual(value);
  });

  it('writes a one-line string as the yaml library does', () => {
    for (const text of STRINGS.filter((t) => !/[\n\r\u0085\u2028\u2029]/.test(t))) {
      expect(yamlOf({ text })).toBe(stringify({ text }, { lineWidth: 0 }).replace(/\n$/, ''));
    }
  });

  it('leaves out undefined fields, as the library does', () => {
    expect(yamlOf({ a: 'x', b: undefined, c: [{ d: undefined, e: 1 }] })).toBe('a: x\nc:\n  - e: 1');
  });
});
