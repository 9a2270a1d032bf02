import type { NewEvent } from '../journal/index.ts';
import type { ToxiproxyClient } from '../toxiproxy-client/index.ts';
import { UnknownServerError } from './errors.ts';

/** One Toxiproxy server a run drives, as the run context holds it. */
export interface FaultServer {
  client: ToxiproxyClient;
  /** Base URL of its API, for the journal and for by-hand instructions. */
  url: string;
  /** The embedded server, which lives and dies with the runner process. */
  embedded?: boolean;
}

/** Servers by the `host` name the plan uses (`default` when there is one). */
export type FaultServers = ReadonlyMap<string, FaultServer>;

/** The part of a JournalWriter this module uses. */
export interface FaultJournal {
  write(event: NewEvent): unknown;
  /** Milliseconds since the run started (the journal's `t`). */
  elapsed(): number;
}

/** Who is acting: the run itself, `gameday recover`, or the watchdog after the runner died. */
export type FaultSource = 'runner' | 'recover' | 'watchdog';

/** What injecting and removing faults needs of a run: a narrow slice of the run context. */
export interface FaultContext {
  runId: string;
  journal: FaultJournal;
  servers: FaultServers;
  /** The journal's `source` for the events written here (default `runner`). */
  source?: FaultSource;
  /** Where loud messages go (a failed removal); default: nowhere but the journal. */
  log?: (line: string) => void;
}

export const serverFor = (context: FaultContext, host: string): FaultServer => {
  const server = context.servers.get(host);
  if (server === undefined) throw new UnknownServerError(host, [...context.servers.keys()]);
  return server;
};

export const sourceOf = (context: FaultContext): FaultSource => context.source ?? 'runner';

export const say = (context: FaultContext, line: string): void => context.log?.(line);
