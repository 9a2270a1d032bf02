import type { Verdict } from '../journal/index.ts';

export interface JunitCase {
  name: string;
  /** Seconds. */
  time: number;
  /** Undefined when it passed. */
  failure?: string;
}

/**
 * JUnit XML for CI: one test suite per run, one test case for the steady
 * state and one per expectation, so a CI dashboard shows which belief failed.
 */
export function junitXml(run: { runId: string; experiment: string; verdict: Verdict; seconds: number; cases: JunitCase[] }): string {
  const failures = run.cases.filter((c) => c.failure !== undefined).length;
  const cases = run.cases.map((c) => {
    const open = `    <testcase classname="${xml(run.experiment)}" name="${xml(c.name)}" time="${c.time.toFixed(3)}"`;
    if (c.failure === undefined) return `${open}/>`;
    return `${open}>\n      <failure message="${xml(firstLine(c.failure))}">${xml(c.failure)}</failure>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="gameday" tests="${run.cases.length}" failures="${failures}" time="${run.seconds.toFixed(3)}">`,
    `  <testsuite name="${xml(run.experiment)}" tests="${run.cases.length}" failures="${failures}" time="${run.seconds.toFixed(3)}">`,
    `    <properties><property name="run_id" value="${xml(run.runId)}"/><property name="verdict" value="${run.verdict}"/></properties>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

const firstLine = (text: string): string => text.split('\n')[0] ?? '';

/** Escapes text for XML attributes and content; drops characters XML 1.0 cannot hold. */
function xml(text: string): string {
  return text
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
