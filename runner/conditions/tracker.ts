import type { SampleReader } from '../samples/index.ts';
import { conditionFor, describeReading, evaluateCondition, type Condition, type Reading } from './evaluate.ts';

/** A change in whether a condition holds. */
export interface Transition {
  /** `holds`: past the bound for `for`; `cleared`: no longer past it. */
  readonly kind: 'holds' | 'cleared';
  /** When the change was seen, ms since the run started (the `now` of the update). */
  readonly at: number;
  /** Since when the measure had been past the bound (for `cleared`, when that spell began). */
  readonly since: number;
  /** The measure at `at` (see Reading.value). */
  readonly value: number | null;
  /** For people: `error rate 42% > 20% for 10s over 30s window (traffic)`. */
  readonly detail: string;
  readonly reading: Reading;
}

/**
 * Applies a condition's `for` over successive readings: the condition holds
 * once it has been past its bound at every update from `since` to now, and
 * now - since >= for; it clears at the first update where it is not past.
 * Continuity is judged at the updates, so call update() often (the run does
 * every few hundred ms). No timers: time is the `now` each update is given.
 */
export class ConditionTracker {
  private pastSince: number | undefined;
  private holdingNow = false;
  private latest: Reading | undefined;

  constructor(
    readonly condition: Condition,
    private readonly store: SampleReader,
  ) {}

  /** True between a `holds` transition and the next `cleared`. */
  get holding(): boolean {
    return this.holdingNow;
  }

  /** The reading of the last update. */
  get reading(): Reading | undefined {
    return this.latest;
  }

  /** Reads the condition at `now` (ms since the run started, never decreasing); returns a transition if one happened. */
  update(now: number): Transition | undefined {
    const reading = evaluateCondition(this.condition, this.store, now);
    this.latest = reading;
    // No data in the window (answers still on their way, or none sent) says nothing either way:
    // the condition keeps the state it had, rather than clearing and firing again a second later.
    if (reading.value === null) return undefined;
    if (reading.past) {
      const since = (this.pastSince ??= now);
      if (this.holdingNow || now - since < conditionFor(this.condition)) return undefined;
      this.holdingNow = true;
      return transition('holds', now, since, reading, describeReading(reading, now - since));
    }
    const since = this.pastSince;
    this.pastSince = undefined;
    if (!this.holdingNow || since === undefined) return undefined;
    this.holdingNow = false;
    return transition('cleared', now, since, reading, describeReading(reading));
  }
}

const transition = (kind: Transition['kind'], at: number, since: number, reading: Reading, detail: string): Transition => ({
  kind,
  at,
  since,
  value: reading.value,
  detail,
  reading,
});
