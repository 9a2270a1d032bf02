import { existsSync } from 'node:fs';
import type { EventLog } from './events.ts';

/**
 * The kill switch: pulled by a file appearing or by POST /stop. While it is
 * pulled, the running drill is stopped (as Ctrl-C stops one) and no drill
 * starts. It is cleared when the file is gone and, if it was pulled over
 * HTTP, POST /resume has been called; /resume cannot clear a file that is
 * still there.
 */

export interface KillSwitchStatus {
  engaged: boolean;
  /** Why it is engaged, for people; undefined when clear. */
  why: string | undefined;
  file: { path: string; present: boolean } | undefined;
  /** When POST /stop pulled it (ISO), while it is pulled that way. */
  http: { since: string; by: string } | undefined;
}

export type ResumeResult = { ok: true; status: KillSwitchStatus } | { ok: false; why: string };

export class KillSwitch {
  private filePresent = false;
  private httpPull: { since: string; by: string } | undefined;
  private readonly listeners = new Set<(why: string) => void>();

  constructor(
    private readonly options: {
      /** The file whose existence pulls the switch (absolute). */
      file?: string | undefined;
      log: EventLog;
      /** Wall-clock epoch ms, for the status. */
      now: () => number;
    },
  ) {
    this.filePresent = options.file !== undefined && existsSync(options.file);
    if (this.filePresent) options.log('kill-switch', `engaged: ${options.file} exists; no drill starts until it is removed`);
  }

  /** Why it is engaged, or undefined when it is clear. */
  engaged(): string | undefined {
    if (this.filePresent) return `kill switch file ${this.options.file ?? ''} exists`;
    if (this.httpPull !== undefined) return `kill switch pulled by ${this.httpPull.by} at ${this.httpPull.since}`;
    return undefined;
  }

  status(): KillSwitchStatus {
    const why = this.engaged();
    return {
      engaged: why !== undefined,
      why,
      file: this.options.file === undefined ? undefined : { path: this.options.file, present: this.filePresent },
      http: this.httpPull,
    };
  }

  /** Looks for the file now; called by the poller and before each start. */
  check(): void {
    if (this.options.file === undefined) return;
    const present = existsSync(this.options.file);
    if (present === this.filePresent) return;
    const wasEngaged = this.engaged() !== undefined;
    this.filePresent = present;
    if (present) {
      this.options.log('kill-switch', `engaged: ${this.options.file} appeared; stopping everything`);
      if (!wasEngaged) this.fire();
    } else {
      this.options.log('kill-switch', this.httpPull === undefined ? `cleared: ${this.options.file} was removed; drills start again` : `${this.options.file} was removed; still pulled over HTTP until POST /resume`);
    }
  }

  /** POST /stop. */
  pull(by: string): KillSwitchStatus {
    const wasEngaged = this.engaged() !== undefined;
    this.httpPull ??= { since: new Date(this.options.now()).toISOString(), by };
    this.options.log('kill-switch', `engaged by ${by}; stopping everything`);
    if (!wasEngaged) this.fire();
    return this.status();
  }

  /** POST /resume: clears an HTTP pull; refused while the file is there. */
  resume(by: string): ResumeResult {
    this.check();
    if (this.filePresent) return { ok: false, why: `the kill switch file ${this.options.file ?? ''} exists; remove it to resume` };
    const was = this.httpPull !== undefined;
    this.httpPull = undefined;
    if (was) this.options.log('kill-switch', `cleared by ${by}; drills start again`);
    return { ok: true, status: this.status() };
  }

  /** Calls `listener` with the reason when the switch is pulled from clear; returns the unsubscribe. */
  onEngage(listener: (why: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Polls the file every `everyMs` until the returned function is called. */
  watch(everyMs: number): () => void {
    if (this.options.file === undefined) return () => {};
    const timer = setInterval(() => this.check(), everyMs);
    return () => clearInterval(timer);
  }

  private fire(): void {
    const why = this.engaged() ?? 'kill switch';
    for (const listener of [...this.listeners]) listener(why);
  }
}
