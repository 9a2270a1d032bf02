/**
 * The receiver ingest scenario of `npm run bench` (issue 4's benchmark):
 * alerts per second the receiver takes over loopback from concurrent
 * keep-alive clients, each alert journaled before its 202, then the journal
 * counted against what was sent. Two loads, after a warm-up:
 * - **as fast as it goes**: CLOSED_CONNECTIONS clients, each sending its next
 *   alert as soon as the last is answered, for CLOSED_SECONDS;
 * - **at the goal rate**: GOAL_RATE alerts/s on a fixed schedule for
 *   OPEN_SECONDS over up to OPEN_CONNECTIONS clients; each response time is
 *   counted from when the alert was due, so a receiver falling behind shows
 *   in the percentiles rather than hiding in a slower schedule.
 */
import { isRecord } from './ipc.ts';
import { Helper } from './helper.ts';
import { helperCpu } from './cpu.ts';
import { KeepAliveClient } from './receiver-client.ts';
import { keyOf, requestMaker, type RequestMaker } from './receiver-bodies.ts';
import { newHistogram, round } from './stats.ts';
import { readJournal } from '../runner/journal/index.ts';
import type { RecordableHistogram } from 'node:perf_hooks';

/** The goal of issue 4, alerts per second. */
export const GOAL_RATE = 5_000;
const WARMUP_ALERTS = 4_000;
const CLOSED_CONNECTIONS = 32;
const CLOSED_SECONDS = 8;
const OPEN_CONNECTIONS = 64;
const OPEN_SECONDS = 8;

type Closer = () => Promise<void>;

/** Response times, ms. */
export interface Latency {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface LoadResult {
  connections: number;
  seconds: number;
  /** Alerts answered 202 in this load. */
  alerts: number;
  alertsPerSecond: number;
  latency: Latency;
  /** Receiver process CPU time (user + system) per alert, µs. */
  receiverCpuUsPerAlert: number;
}

export interface ReceiverResult {
  /** Mean HTTP request size, bytes (four senders in turn, one alert each). */
  requestBytes: number;
  fastest: LoadResult;
  atGoal: LoadResult & { targetPerSecond: number };
  /** Over the whole run, warm-up included. */
  sent: number;
  accepted: number;
  /** Answers other than 202 (none expected). */
  refused: number;
  /** `alert.received` events in the journal, read back and checked against its schema. */
  journaled: number;
  /** Distinct dedup keys among them: equal to `journaled` when none was written twice. */
  distinctKeys: number;
  journalProblems: number;
  /** accepted − journaled: alerts answered 202 yet missing from the journal. */
  lost: number;
  /** Where the receiver process stalled, if it did (a stall shows as response-time tail). */
  stalls: ReceiverStalls;
}

export interface ReceiverStalls {
  /** onAlerts calls (journal writes) over 10 ms, and the slowest, ms. */
  slowWrites: number;
  slowestWriteMs: number;
  /** The receiver's event loop delay over the whole run, ms (includes being descheduled). */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

interface ReceiverInfo {
  port: number;
  secret: string;
  journal: string;
}

function parseInfo(info: unknown): ReceiverInfo {
  if (!isRecord(info) || typeof info.port !== 'number' || typeof info.secret !== 'string' || typeof info.journal !== 'string') {
    throw new Error(`receiver helper announced ${JSON.stringify(info)}, expected port, secret and journal`);
  }
  return { port: info.port, secret: info.secret, journal: info.journal };
}

/** Counts what was sent and answered, across loads. */
class Tally {
  next = 0;
  accepted = 0;
  refused = 0;

  constructor(private readonly maker: RequestMaker) {}

  request(): string {
    return this.maker.request(this.next++);
  }

  answer(status: number): void {
    if (status === 202) this.accepted++;
    else this.refused++;
  }
}

export async function measureReceiver(closers: Closer[], progress: (message: string) => void): Promise<ReceiverResult> {
  const helper = await Helper.start('receiver', './receiver-process.ts', parseInfo);
  closers.push(() => helper.stop());
  const { port, secret, journal } = helper.info;
  const maker = requestMaker(secret);
  const tally = new Tally(maker);
  const clients = await Promise.all(Array.from({ length: Math.max(CLOSED_CONNECTIONS, OPEN_CONNECTIONS) }, () => KeepAliveClient.open(port)));
  closers.push(async () => clients.forEach((c) => c.close()));
  const cpu = helperCpu(helper);

  progress(`receiver pid ${helper.pid}: warm-up, ${WARMUP_ALERTS} alerts`);
  await closedLoop(clients.slice(0, CLOSED_CONNECTIONS), tally, newHistogram(), () => tally.next < WARMUP_ALERTS);
  progress(`receiver: as fast as it goes, ${CLOSED_CONNECTIONS} connections, ${CLOSED_SECONDS} s`);
  const fastest = await measured(cpu, tally, CLOSED_CONNECTIONS, (histogram) => {
    const end = performance.now() + CLOSED_SECONDS * 1000;
    return closedLoop(clients.slice(0, CLOSED_CONNECTIONS), tally, histogram, () => performance.now() < end);
  });
  progress(`receiver: ${GOAL_RATE} alerts/s on schedule, ${OPEN_SECONDS} s`);
  const atGoal = await measured(cpu, tally, OPEN_CONNECTIONS, (histogram) => openLoop(clients.slice(0, OPEN_CONNECTIONS), tally, histogram));

  for (const client of clients) client.close();
  const stalls = parseStalls(await helper.request('finish'));
  const read = readJournal(journal);
  const keys = new Set<string>();
  let journaled = 0;
  for (const event of read.events) {
    if (event.type !== 'alert.received') continue;
    journaled++;
    keys.add(event.alert.dedup_key);
  }
  // Every key sent is in the journal: check the first and the last, the set size covers the rest.
  if (journaled > 0 && (!keys.has(keyOf(0)) || !keys.has(keyOf(tally.next - 1)))) progress('receiver: the first or last alert sent is missing from the journal');
  return {
    requestBytes: Math.round(maker.meanBytes),
    fastest,
    atGoal: { ...atGoal, targetPerSecond: GOAL_RATE },
    sent: tally.next,
    accepted: tally.accepted,
    refused: tally.refused,
    journaled,
    distinctKeys: keys.size,
    journalProblems: read.problems.length,
    lost: tally.accepted - journaled,
    stalls,
  };
}

function parseStalls(value: unknown): ReceiverStalls {
  const fields = ['slowWrites', 'slowestWriteMs', 'loopDelayP99Ms', 'loopDelayMaxMs'] as const;
  if (!isRecord(value) || fields.some((f) => typeof value[f] !== 'number')) throw new Error(`receiver helper finished with ${JSON.stringify(value)}`);
  return { slowWrites: value.slowWrites as number, slowestWriteMs: value.slowestWriteMs as number, loopDelayP99Ms: value.loopDelayP99Ms as number, loopDelayMaxMs: value.loopDelayMaxMs as number };
}

/** Runs one load, timing it and reading the receiver's CPU around it. */
async function measured(
  cpu: () => Promise<number>,
  tally: Tally,
  connections: number,
  load: (histogram: RecordableHistogram) => Promise<void>,
): Promise<LoadResult> {
  const histogram = newHistogram();
  const acceptedBefore = tally.accepted;
  const cpuBefore = await cpu();
  const started = performance.now();
  await load(histogram);
  const seconds = (performance.now() - started) / 1000;
  const cpuUs = (await cpu()) - cpuBefore;
  const alerts = tally.accepted - acceptedBefore;
  const ms = (ns: number): number => round(ns / 1e6, 2);
  return {
    connections,
    seconds: round(seconds, 2),
    alerts,
    alertsPerSecond: Math.round(alerts / seconds),
    latency: { p50Ms: ms(histogram.percentile(50)), p99Ms: ms(histogram.percentile(99)), maxMs: ms(histogram.max) },
    receiverCpuUsPerAlert: round(cpuUs / Math.max(alerts, 1), 1),
  };
}

/** Each client sends its next alert as soon as the last is answered, while `more()`. */
async function closedLoop(clients: KeepAliveClient[], tally: Tally, histogram: RecordableHistogram, more: () => boolean): Promise<void> {
  await Promise.all(
    clients.map(async (client) => {
      while (more()) {
        const start = process.hrtime.bigint();
        tally.answer(await client.send(tally.request()));
        histogram.record(Math.max(1, Number(process.hrtime.bigint() - start)));
      }
    }),
  );
}

/**
 * GOAL_RATE alerts/s for OPEN_SECONDS: alert i is due at start + i/rate and
 * goes out on the first free connection; its response time runs from when
 * it was due. Resolves when every alert has been answered.
 */
function openLoop(clients: KeepAliveClient[], tally: Tally, histogram: RecordableHistogram): Promise<void> {
  const total = GOAL_RATE * OPEN_SECONDS;
  const nsPerAlert = 1e9 / GOAL_RATE;
  const free = [...clients];
  const start = process.hrtime.bigint();
  let due = 0;
  let sent = 0;
  let answered = 0;
  return new Promise((resolve, reject) => {
    const dispatch = (): void => {
      while (free.length > 0 && sent < due) {
        const client = free.pop()!;
        const dueAt = start + BigInt(Math.round(sent * nsPerAlert));
        sent++;
        client.send(tally.request()).then((status) => {
          tally.answer(status);
          histogram.record(Math.max(1, Number(process.hrtime.bigint() - dueAt)));
          free.push(client);
          if (++answered === total) {
            clearInterval(timer);
            resolve();
          } else dispatch();
        }, fail);
      }
    };
    const fail = (error: unknown): void => {
      clearInterval(timer);
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    const timer = setInterval(() => {
      due = Math.min(total, Math.floor(Number(process.hrtime.bigint() - start) / nsPerAlert));
      dispatch();
    }, 1);
  });
}
