import { noop } from '../toxics/noop.ts';
import { INTERRUPTED, TIMED_OUT, type AnyToxicDefinition, type Chunk, type Next, type Stub } from '../toxics/toxic.ts';
import { Inbox, type Item, type Sink } from './inbox.ts';

/** What a stage runs: the toxic's definition and its current settings. */
export interface ToxicSettings {
  readonly name: string;
  readonly definition: AnyToxicDefinition;
  readonly toxicity: number;
  readonly attributes: Readonly<Record<string, number>>;
}

export interface StageHooks {
  random(): number;
  onError(error: unknown): void;
}

/**
 * One toxic on one link: its input queue, where its output goes, and the
 * run of its `pipe`. `out` is rewired when toxics around it come and go,
 * without stopping it. Stopping it (update, removal) ends every wait of the
 * toxic at once, so a change never blocks on a slow peer.
 */
export class Stage implements Stub<unknown> {
  readonly input: Inbox;
  readonly state: unknown;
  private abort = new AbortController();
  private running: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    public settings: ToxicSettings,
    public out: Sink,
    private readonly hooks: StageHooks,
  ) {
    this.input = new Inbox(settings.definition.bufferSize ?? 1);
    this.state = settings.definition.newState?.();
  }

  get name(): string {
    return this.settings.name;
  }

  get interrupted(): boolean {
    return this.abort.signal.aborted;
  }

  /** Starts the toxic, rolling its toxicity for this link (again on every restart). */
  start(): void {
    this.abort = new AbortController();
    const { definition, toxicity, attributes } = this.settings;
    const active = this.hooks.random() < toxicity;
    const toxic: AnyToxicDefinition = active ? definition : noop;
    this.running = toxic.pipe(this, attributes).catch((error: unknown) => this.hooks.onError(error));
  }

  /** Ends the toxic's run; resolves once it has handed on what it held. */
  async stop(): Promise<void> {
    this.abort.abort();
    this.input.cancelWait();
    await this.running;
  }

  next(): Promise<Next> | Next {
    if (this.interrupted) return INTERRUPTED;
    const item = this.input.shift();
    if (item !== undefined) return item;
    const signal = this.abort.signal;
    return new Promise<Next>((resolve) => {
      const onAbort = (): void => resolve(INTERRUPTED);
      signal.addEventListener('abort', onAbort, { once: true });
      this.input.waitForItem((received: Item) => {
        signal.removeEventListener('abort', onAbort);
        resolve(received);
      });
    });
  }

  nextWithin(ms: number): Promise<Next | typeof TIMED_OUT> | Next {
    const next = this.next();
    if (!(next instanceof Promise)) return next;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.input.cancelWait();
        resolve(TIMED_OUT);
      }, ms);
      void next.then((item) => {
        clearTimeout(timer);
        resolve(item);
      });
    });
  }

  send(chunk: Chunk): Promise<void> | void {
    if (this.out.push(chunk) || this.interrupted) return;
    return this.waitFor(this.out.room());
  }

  sleep(ms: number): Promise<boolean> {
    if (this.interrupted) return Promise.resolve(false);
    if (!(ms > 0)) return Promise.resolve(true);
    const signal = this.abort.signal;
    const deadline = performance.now() + ms;
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
      const onAbort = (): void => {
        clearTimeout(timer as NodeJS.Timeout);
        clearImmediate(timer as NodeJS.Immediate);
        resolve(false);
      };
      // Node's timers have millisecond granularity and may fire early or late
      // by about one: sleep to a millisecond short of the deadline, then yield
      // to the event loop until it passes, so a delay is neither short nor long.
      const tick = (): void => {
        const left = deadline - performance.now();
        if (left > 2) timer = setTimeout(tick, left - 1.5);
        else if (left > 0) timer = setImmediate(tick);
        else {
          signal.removeEventListener('abort', onAbort);
          resolve(true);
        }
      };
      if (Number.isFinite(ms)) tick();
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.out.push(null);
  }

  /** Bound, so toxics may pass it around. */
  readonly random = (): number => this.hooks.random();

  /** Resolves when `promise` does or the stage is stopped, whichever is first. */
  private waitFor(promise: Promise<void>): Promise<void> {
    const signal = this.abort.signal;
    return new Promise((resolve) => {
      const onAbort = (): void => resolve();
      signal.addEventListener('abort', onAbort, { once: true });
      void promise.then(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }
}
