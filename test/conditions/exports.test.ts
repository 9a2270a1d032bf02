import { expect, it } from 'vitest';
import * as surface from '../../runner/conditions/index.ts';

// The folder's public surface: what the rest of runner/ may use.
it('exports exactly the conditions surface', () => {
  expect(Object.keys(surface).sort()).toEqual(['ConditionTracker', 'conditionFor', 'conditionWindow', 'describeReading', 'evaluateCondition']);
});
