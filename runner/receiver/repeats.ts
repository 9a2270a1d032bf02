/**
 * Notifications already received, by the sender's repeat key (Alertmanager:
 * fingerprint + startsAt + status), so that the copy Alertmanager sends
 * every repeat_interval, or again after a failed delivery, is dropped
 * rather than re-triggered. Bounded: keys are kept in two generations of
 * `capacity / 2`; when the newer fills, the older is forgotten whole, so at
 * least the last capacity / 2 keys are always remembered (a run sees far
 * fewer distinct alert states than that), at constant cost per key.
 */
export class RepeatFilter {
  private current = new Set<string>();
  private previous = new Set<string>();

  constructor(private readonly capacity = 100_000) {}

  has(key: string): boolean {
    return this.current.has(key) || this.previous.has(key);
  }

  /** Records keys once their alerts are safely handed over; never before (a failed hand-over must be retried, not dropped). */
  remember(keys: Iterable<string>): void {
    for (const key of keys) {
      if (this.current.has(key)) continue;
      if (this.current.size >= this.capacity / 2) {
        this.previous = this.current;
        this.current = new Set();
      }
      this.current.add(key);
    }
  }
}
