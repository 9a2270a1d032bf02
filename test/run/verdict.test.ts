import { describe, expect, it } from 'vitest';
import { run as runCommand } from '../../runner/cli/commands/run.ts';
import { ExitCode } from '../../runner/errors.ts';
import { VERDICTS, type Verdict } from '../../runner/journal/index.ts';
import { decideVerdict, VERDICT_EXIT_CODES, VERDICT_TEXT, type RunFacts } from '../../runner/run/index.ts';

/** How a run ends: the verdict from what happened, worst first, and the exit code each verdict has. */

/** A run that went to plan: every check held. */
const clean: RunFacts = {
  preflightFailed: false,
  stopConditionHit: false,
  operatorAbort: false,
  leftBehind: [],
  steadyStateAfterHeld: true,
  expectationsMet: [true, true],
};

const verdictOf = (facts: Partial<RunFacts>): Verdict => decideVerdict({ ...clean, ...facts });

describe('decideVerdict', () => {
  it('is held when the steady state held after the faults and every expectation was met', () => {
    expect(verdictOf({})).toBe('held');
    expect(verdictOf({ expectationsMet: [] })).toBe('held');
  });

  it('is deviated when the steady state did not hold after the faults, or any expectation was not met', () => {
    expect(verdictOf({ steadyStateAfterHeld: false })).toBe('deviated');
    expect(verdictOf({ expectationsMet: [true, false, true] })).toBe('deviated');
    expect(verdictOf({ steadyStateAfterHeld: false, expectationsMet: [false] })).toBe('deviated');
  });

  // Each row: a set of facts and the verdict it must give; later rows add worse facts to earlier ones.
  const worse: Array<[string, Partial<RunFacts>, Verdict]> = [
    ['a stop condition beats a deviation', { stopConditionHit: true, steadyStateAfterHeld: undefined, expectationsMet: [false] }, 'aborted_stop_condition'],
    ['the operator beats a stop condition', { operatorAbort: true, stopConditionHit: true, expectationsMet: [false] }, 'aborted_operator'],
    ['a failed preflight beats the operator and a stop condition', { preflightFailed: true, operatorAbort: true, stopConditionHit: true }, 'not_started'],
    [
      'something left behind beats everything',
      { leftBehind: ['toxic slow.gd-x on db.gd-x'], preflightFailed: true, operatorAbort: true, stopConditionHit: true, steadyStateAfterHeld: false, expectationsMet: [false] },
      'rollback_incomplete',
    ],
  ];
  for (const [what, facts, verdict] of worse) {
    it(`${what}: ${verdict}`, () => expect(verdictOf(facts)).toBe(verdict));
  }

  it('is rollback_incomplete whenever anything is left behind, even after a run that held', () => {
    expect(verdictOf({ leftBehind: ['proxy db.gd-x on http://127.0.0.1:8474'] })).toBe('rollback_incomplete');
  });

  it('does not count an unmeasured steady state (an aborted run) as a deviation', () => {
    expect(verdictOf({ operatorAbort: true, steadyStateAfterHeld: undefined, expectationsMet: [false] })).toBe('aborted_operator');
    expect(verdictOf({ stopConditionHit: true, steadyStateAfterHeld: undefined })).toBe('aborted_stop_condition');
  });
});

describe('VERDICT_EXIT_CODES', () => {
  it('gives each verdict its documented code', () => {
    expect(VERDICT_EXIT_CODES).toEqual({
      held: 0,
      deviated: 1,
      not_started: 3,
      aborted_stop_condition: 4,
      aborted_operator: 5,
      rollback_incomplete: 6,
    });
    expect(Object.keys(VERDICT_EXIT_CODES).sort()).toEqual([...VERDICTS].sort());
  });

  it('tells every verdict apart, and none from a usage error or a bad file (2, 64–78)', () => {
    const codes = Object.values(VERDICT_EXIT_CODES);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) {
      expect(code).not.toBe(ExitCode.usage);
      expect(code < 64 || code > 78, `exit code ${code}`).toBe(true);
    }
  });

  it('are the ones `gameday run --help` lists', () => {
    const help = (runCommand.description ?? '').replace(/\s+/g, ' ');
    const words: Record<Verdict, string> = {
      held: 'held',
      deviated: 'deviated',
      not_started: 'not started',
      aborted_stop_condition: 'aborted by a stop condition (or an error)',
      aborted_operator: 'aborted by the operator',
      rollback_incomplete: 'rollback incomplete',
    };
    for (const verdict of VERDICTS) expect(help).toContain(`${words[verdict]} ${VERDICT_EXIT_CODES[verdict]}`);
    expect(help).toContain(`or ${ExitCode.dataError} when the file has problems`);
  });

  it('have a sentence each for people, rollback_incomplete in capitals', () => {
    for (const verdict of VERDICTS) expect(VERDICT_TEXT[verdict].length).toBeGreaterThan(10);
    expect(VERDICT_TEXT.rollback_incomplete).toMatch(/^ROLLBACK INCOMPLETE/);
  });
});
