export {
  conditionFor,
  conditionWindow,
  describeReading,
  evaluateCondition,
  type Condition,
  type Reading,
} from './evaluate.ts';
export { ConditionTracker, type Transition } from './tracker.ts';
