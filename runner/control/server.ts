import { randomBytes, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import type { EngineSummary } from '../incidents/index.ts';
import type { NewEvent } from '../journal/index.ts';
import { removeControlFile, writeControlFile } from './control-file.ts';
import { ControlHttpError } from './errors.ts';
import {
  ackRequestSchema,
  noteRequestSchema,
  resolveRequestSchema,
  type AckRequest,
  type NoteRequest,
  type ResolveRequest,
} from './requests.ts';

type Answer<T> = T | Promise<T>;

/**
 * What the run does for each request. Each returns the journal events it
 * wrote; an error with a numeric `status` (IncidentActionError) is answered
 * with that status and its message, anything else with 500.
 */
export interface ControlHandlers {
  ack(request: AckRequest): Answer<readonly NewEvent[]>;
  note(request: NoteRequest): Answer<readonly NewEvent[]>;
  resolve(request: ResolveRequest): Answer<readonly NewEvent[]>;
  incidents(): Answer<EngineSummary>;
}

export interface ControlApiOptions {
  runDir: string;
  handlers: ControlHandlers;
  /** Who acts when a request does not say. */
  defaultBy?: string;
}

export interface ControlApi {
  url: string;
  token: string;
  /** Stops answering and removes control.json. */
  close(): Promise<void>;
}

/** Request bodies above this are refused (413), bytes. */
const MAX_BODY_BYTES = 16 * 1024;

/**
 * The run's control API on 127.0.0.1 (a free port), for `gameday ack|note|
 * resolve`: POST /ack, /note, /resolve and GET /incidents, each with
 * `Authorization: Bearer <token>`. The address and a fresh random token are
 * written to `<runDir>/control.json` (mode 0600) once it listens.
 * Answers are JSON: `{events}` for actions, the engine's summary for
 * /incidents, `{error}` with a 4xx/5xx status when something is wrong.
 */
export const startControlApi = async (options: ControlApiOptions): Promise<ControlApi> => {
  const token = randomBytes(24).toString('hex');
  const defaultBy = options.defaultBy ?? 'operator';
  const { handlers } = options;

  const route = async (req: IncomingMessage): Promise<unknown> => {
    if (!authorised(req.headers.authorization, token)) {
      throw new ControlHttpError(401, 'missing or wrong token (expected Authorization: Bearer <token from control.json>)');
    }
    const path = new URL(req.url ?? '/', 'http://control').pathname;
    const endpoint = ENDPOINTS[path];
    if (endpoint === undefined) throw new ControlHttpError(404, `no such endpoint ${path} (expected one of: ${Object.keys(ENDPOINTS).join(', ')})`);
    if (req.method !== endpoint) throw new ControlHttpError(405, `${path} takes ${endpoint}, not ${req.method ?? 'no method'}`);
    if (path === '/incidents') return handlers.incidents();
    const body = await readJson(req);
    if (path === '/note') {
      const note = check(noteRequestSchema, body);
      return { events: await handlers.note({ text: note.text, incident: note.incident, by: note.by ?? defaultBy }) };
    }
    const action = check(path === '/ack' ? ackRequestSchema : resolveRequestSchema, body);
    const request = { incident: action.incident, by: action.by ?? defaultBy };
    return { events: await (path === '/ack' ? handlers.ack(request) : handlers.resolve(request)) };
  };

  const server = createServer((req, res) => {
    route(req).then(
      (value) => send(res, 200, value),
      (error: unknown) => send(res, statusOf(error), { error: error instanceof Error ? error.message : String(error) }),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  writeControlFile(options.runDir, { url, token, pid: process.pid });
  return {
    url,
    token,
    async close() {
      removeControlFile(options.runDir);
      if (!server.listening) return;
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
};

const ENDPOINTS: Readonly<Record<string, 'GET' | 'POST'>> = { '/ack': 'POST', '/note': 'POST', '/resolve': 'POST', '/incidents': 'GET' };

const authorised = (header: string | undefined, token: string): boolean => {
  const given = Buffer.from(/^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
};

/** The body as JSON; an empty body is `{}` (ack and resolve need nothing). */
const readJson = async (req: IncomingMessage): Promise<unknown> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new ControlHttpError(413, `body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ControlHttpError(400, `body is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
};

/** Parses a body with its schema; a 400 names every field that is wrong. */
const check = <S extends z.ZodType>(schema: S, body: unknown): z.output<S> => {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
  throw new ControlHttpError(400, `invalid request: ${problems.join('; ')}`);
};

const statusOf = (error: unknown): number => {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
};

const send = (res: ServerResponse, status: number, value: unknown): void => {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
};
