/**
 * The bench's helper processes (the proxy, the upstream) talk to it over
 * Node's IPC channel: the helper announces itself once with `ready`, then
 * answers `request`s by id. A helper exits when its parent goes away, so a
 * crashed or interrupted bench leaves no process behind.
 */

export interface ReadyMessage {
  kind: 'ready';
  info: unknown;
}

export interface RequestMessage {
  kind: 'request';
  id: number;
  op: string;
}

export interface ReplyMessage {
  kind: 'reply';
  id: number;
  value?: unknown;
  /** Set when the handler failed. */
  error?: string;
}

export type Handlers = Record<string, () => unknown>;

/** Longest a helper spends closing before it exits anyway, ms. */
const CLOSE_GRACE_MS = 5_000;

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/**
 * Helper side: announces `info`, serves `handlers`, and on disconnect,
 * SIGTERM or SIGINT runs `close` and exits.
 */
export function serveParent(info: unknown, handlers: Handlers, close: () => Promise<void>): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('this helper must be started by the bench (it needs an IPC channel)');
  let closing = false;
  const shutdown = (): void => {
    if (closing) return;
    closing = true;
    setTimeout(() => process.exit(1), CLOSE_GRACE_MS).unref();
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('disconnect', shutdown);
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  process.on('message', (message: unknown) => {
    if (!isRecord(message) || message.kind !== 'request' || typeof message.id !== 'number') return;
    const id = message.id;
    const handler = typeof message.op === 'string' ? handlers[message.op] : undefined;
    const reply = (fields: Omit<ReplyMessage, 'kind' | 'id'>): void => {
      if (process.connected) send({ kind: 'reply', id, ...fields } satisfies ReplyMessage);
    };
    if (!handler) return reply({ error: `unknown request ${String(message.op)}` });
    Promise.resolve()
      .then(handler)
      .then(
        (value) => reply({ value }),
        (error: unknown) => reply({ error: String(error) }),
      );
  });
  send({ kind: 'ready', info } satisfies ReadyMessage);
}
