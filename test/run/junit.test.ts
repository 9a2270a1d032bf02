import { describe, expect, it } from 'vitest';
import { isFromRun, parseRunName, proxyServerName, toxicServerName } from '../../runner/faults/index.ts';
import { junitXml, makeRunId, slug, type JunitCase } from '../../runner/run/index.ts';
import { findAll, parseXml } from './helpers-xml.ts';

/** What CI reads of a run: the JUnit XML, and the run id that names the run everywhere. */

const run = (cases: JunitCase[], overrides: Partial<Parameters<typeof junitXml>[0]> = {}) =>
  junitXml({ runId: '20261122-093000-slow-payments-3f9a', experiment: 'slow-payments', verdict: 'deviated', seconds: 42.5, cases, ...overrides });

describe('junitXml', () => {
  const cases: JunitCase[] = [
    { name: 'steady state after the faults', time: 0 },
    { name: 'checkout-stays-fast', time: 1.25, failure: 'p99 1.2s during payments-slow (expected below 800ms)' },
    { name: 'storefront recovers', time: 0, failure: 'storefront did not recover\nsee the journal' },
  ];

  it('is one suite per run, one case per check, counting the failures', () => {
    const suites = parseXml(run(cases));
    expect(suites.name).toBe('testsuites');
    expect(suites.attributes).toMatchObject({ name: 'gameday', tests: '3', failures: '2', time: '42.500' });
    const [suite, ...more] = findAll(suites, 'testsuite');
    expect(more).toEqual([]);
    expect(suite!.attributes).toEqual({ name: 'slow-payments', tests: '3', failures: '2', time: '42.500' });
    const testcases = findAll(suite!, 'testcase');
    expect(testcases.map((c) => [c.attributes.name, c.attributes.classname, c.attributes.time])).toEqual([
      ['steady state after the faults', 'slow-payments', '0.000'],
      ['checkout-stays-fast', 'slow-payments', '1.250'],
      ['storefront recovers', 'slow-payments', '0.000'],
    ]);
    expect(findAll(testcases[0]!, 'failure')).toEqual([]);
  });

  it('gives each failure its first line as the message and the whole text as the body', () => {
    const failures = findAll(parseXml(run(cases)), 'failure');
    expect(failures.map((f) => [f.attributes.message, f.text])).toEqual([
      ['p99 1.2s during payments-slow (expected below 800ms)', 'p99 1.2s during payments-slow (expected below 800ms)'],
      ['storefront did not recover', 'storefront did not recover\nsee the journal'],
    ]);
  });

  it('carries the run id and the verdict as properties', () => {
    const properties = findAll(parseXml(run(cases)), 'property').map((p) => [p.attributes.name, p.attributes.value]);
    expect(properties).toEqual([
      ['run_id', '20261122-093000-slow-payments-3f9a'],
      ['verdict', 'deviated'],
    ]);
  });

  it('counts zero failures when every check passed, and zero tests when there were none', () => {
    expect(parseXml(run([{ name: 'steady state after the faults', time: 0 }], { verdict: 'held' })).attributes).toMatchObject({ tests: '1', failures: '0' });
    const empty = parseXml(run([], { verdict: 'not_started' }));
    expect(empty.attributes).toMatchObject({ tests: '0', failures: '0' });
    expect(findAll(empty, 'testcase')).toEqual([]);
  });

  it('escapes hostile names and texts, so the XML stays well formed and reads back as written', () => {
    const hostile = `<script>&"'`;
    const failure = `</failure><failure message="x">&amp; ]]> "quoted" 'single'\nsecond <line>`;
    const xml = run([{ name: hostile, time: 0, failure }], { experiment: `${hostile}-experiment`, runId: `id-${hostile}` });
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('&lt;script&gt;&amp;&quot;&apos;');

    const suites = parseXml(xml);
    const [testcase] = findAll(suites, 'testcase');
    expect(testcase!.attributes).toMatchObject({ name: hostile, classname: `${hostile}-experiment` });
    const [element] = findAll(testcase!, 'failure');
    expect(element!.text).toBe(failure);
    expect(element!.attributes.message).toBe(`</failure><failure message="x">&amp; ]]> "quoted" 'single'`);
    expect(findAll(suites, 'failure')).toHaveLength(1);
    expect(findAll(suites, 'property')[0]!.attributes.value).toBe(`id-${hostile}`);
  });

  it('drops characters XML 1.0 cannot hold (terminal escapes, NUL) and keeps tabs, newlines and non-ASCII text', () => {
    const failure = 'red \u001b[31mERROR\u001b[0m\u0000 tab\there ünïcødé 🔥\nnext';
    const xml = run([{ name: 'bell\u0007 case', time: 0, failure }]);
    const [testcase] = findAll(parseXml(xml), 'testcase');
    expect(testcase!.attributes.name).toBe('bell case');
    expect(findAll(testcase!, 'failure')[0]!.text).toBe('red [31mERROR[0m tab\there ünïcødé 🔥\nnext');
  });
});

describe('the XML reader these tests use', () => {
  it('rejects what is not well formed, so the escaping checks above can fail', () => {
    expect(() => parseXml('<a b="x">1 &amp; 2</a>')).not.toThrow();
    for (const bad of ['<a b="<">x</a>', '<a>&</a>', '<a>&nbsp;</a>', '<a><b></a>', '<a>', '<a>x</a><a/>', '<a>\u0000</a>', '<a b="1" b="2"/>']) {
      expect(() => parseXml(bad), bad).toThrow();
    }
  });
});

describe('run ids', () => {
  const wall = new Date('2026-11-22T09:30:05.987Z');

  it('read <YYYYMMDD>-<HHMMSS>-<slug>-<4 hex>, in UTC', () => {
    expect(makeRunId('slow-payments', wall, () => 0x3f9a / 0x10000)).toBe('20261122-093005-slow-payments-3f9a');
    expect(makeRunId('slow-payments', new Date('2026-01-02T03:04:05Z'), () => 0)).toBe('20260102-030405-slow-payments-0000');
  });

  it('end in 4 hex digits over the whole range of the random source', () => {
    expect(makeRunId('x', wall, () => 0).slice(-4)).toBe('0000');
    expect(makeRunId('x', wall, () => 0.999999).slice(-4)).toBe('ffff');
    expect(makeRunId('x', wall, () => 1 / 65536).slice(-4)).toBe('0001');
  });

  it('sort by time as text', () => {
    const earlier = makeRunId('zzz', new Date('2026-11-22T09:30:05Z'), () => 0.9);
    const later = makeRunId('aaa', new Date('2026-11-22T09:30:06Z'), () => 0.1);
    expect([later, earlier].sort()).toEqual([earlier, later]);
  });

  it('can mark Toxiproxy names, whatever the experiment is called', () => {
    for (const name of ['checkout.payments.slow', 'a/b', 'Slow_Payments', '...', 'x'.repeat(200)]) {
      const runId = makeRunId(name, wall, () => 0.5);
      expect(runId).toMatch(/^\d{8}-\d{6}-[a-z0-9]+(?:-[a-z0-9]+)*-[0-9a-f]{4}$/);
      const proxy = proxyServerName('to-payments.gd-old', runId);
      expect(parseRunName(proxy)).toEqual({ base: 'to-payments.gd-old', runId });
      expect(isFromRun(toxicServerName('payments-slow', runId), runId)).toBe(true);
    }
  });
});

describe('slug', () => {
  it('lower-cases and turns every run of other characters into one "-"', () => {
    expect(slug('Slow.Payments_v2')).toBe('slow-payments-v2');
    expect(slug('checkout--payments__slow')).toBe('checkout-payments-slow');
    expect(slug('.leading.and.trailing.')).toBe('leading-and-trailing');
  });

  it('keeps at most 40 characters, never ending in "-"', () => {
    expect(slug('a'.repeat(50))).toBe('a'.repeat(40));
    const cut = slug(`${'a'.repeat(39)}-bcd`);
    expect(cut).toBe('a'.repeat(39));
    expect(slug(`${'ab-'.repeat(20)}`).length).toBeLessThanOrEqual(40);
    expect(slug(`${'ab-'.repeat(20)}`)).not.toMatch(/-$/);
  });

  it('falls back to "experiment" when nothing is left', () => {
    expect(slug('...')).toBe('experiment');
    expect(slug('')).toBe('experiment');
  });
});
