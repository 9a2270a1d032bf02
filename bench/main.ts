/**
 * `npm run bench`: the embedded Toxiproxy-compatible server against direct
 * loopback, then the alert receiver's ingest (bench/receiver.ts), then insights
 * over 100,000 postmortems (bench/scenarios/insights.ts), then site builds of
 * 100, 1,000 and 5,000 postmortems (bench/scenarios/site.ts), in one run
 * (see BENCHMARKS.md). The proxy and the upstream each
 * run in their own process; the clients run here. Progress goes to stderr,
 * the table (or, with --json, the JSON) to stdout.
 *
 * Environment: BENCH_CONNECTIONS caps the memory scenario's connections;
 * BENCH_PROXY_CPU_PROF=DIR writes a CPU profile of each proxy process there.
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { ToxiproxyApi } from './api.ts';
import { helperCpu, ownCpu, totalCpu } from './cpu.ts';
import { Helper } from './helper.ts';
import { isRecord } from './ipc.ts';
import { checkGoals, renderTable, type Results } from './report.ts';
import { measureBandwidthToxic } from './scenarios/bandwidth-toxic.ts';
import { insightsGoal, measureInsights, renderInsightsLine } from './scenarios/insights.ts';
import { measureLatencyToxic } from './scenarios/latency-toxic.ts';
import { measureMemory } from './scenarios/memory.ts';
import { measurePostmortems } from './scenarios/postmortems.ts';
import { measureRoundTrip } from './scenarios/round-trip.ts';
import { measureSite, renderSiteTable, siteGoal } from './scenarios/site.ts';
import { measureThroughput } from './scenarios/throughput.ts';
import { measureReceiver } from './receiver.ts';
import { receiverGoals, renderReceiverTable } from './receiver-report.ts';
import { round } from './stats.ts';
import { createTargets, parseUpstreamPorts } from './targets.ts';

/** The whole run is abandoned (and everything closed) after this long, ms (the site builds take most of it). */
const DEADLINE_MS = 20 * 60_000;

type Closer = () => Promise<void>;

const progress = (message: string): void => void process.stderr.write(`bench: ${message}\n`);

function startProxy(): Promise<Helper<{ url: string }>> {
  const profileDir = process.env.BENCH_PROXY_CPU_PROF;
  const flags = ['--expose-gc', ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [])];
  return Helper.start('proxy', './proxy-process.ts', parseProxyInfo, flags);
}

function parseProxyInfo(info: unknown): { url: string } {
  if (!isRecord(info) || typeof info.url !== 'string') throw new Error(`proxy helper announced ${JSON.stringify(info)}, expected url`);
  return { url: info.url };
}

async function run(closers: Closer[]): Promise<Results> {
  const started = Date.now();
  const loadBefore = loadavg()[0] ?? 0;
  const upstream = await Helper.start('upstream', './upstream-process.ts', parseUpstreamPorts);
  closers.push(() => upstream.stop());
  const proxy = await startProxy();
  closers.push(() => proxy.stop());
  progress(`proxy pid ${proxy.pid} at ${proxy.info.url}, upstream pid ${upstream.pid}`);
  const targets = await createTargets(new ToxiproxyApi(proxy.info.url), upstream.info);

  progress('1/6 throughput with no toxic (4 GiB each way)');
  const throughput = await measureThroughput(targets, totalCpu([ownCpu, helperCpu(proxy), helperCpu(upstream)]));
  progress('2/6 1-byte round trips');
  const roundTrip = await measureRoundTrip(targets, [process.pid, proxy.pid, upstream.pid]);
  progress('3/6 latency toxic, 100 ms');
  const latencyToxic = await measureLatencyToxic(targets, roundTrip.free.direct.p50Us);
  progress('4/6 bandwidth toxic, 100 KB/s (about 10 s)');
  const bandwidthToxic = await measureBandwidthToxic(targets);

  // The memory figure comes from a fresh server, not one whose heap the traffic above has grown.
  await proxy.stop();
  const fresh = await startProxy();
  closers.push(() => fresh.stop());
  progress('5/6 memory with connections held open');
  const memory = await measureMemory(new ToxiproxyApi(fresh.info.url), upstream.info.echoPort, () => fresh.request('memory'));
  progress('6/6 postmortems from 1,000 synthetic journals');
  const postmortems = await measurePostmortems();
  progress(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const machine = {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString(),
    // Other work on the machine skews every figure; the 1-minute load average shows how much there was.
    loadAverage: { before: round(loadBefore, 2), after: round(loadavg()[0] ?? 0, 2) },
  };
  return { machine, throughput, roundTrip, latencyToxic, bandwidthToxic, memory, postmortems };
}

async function closeAll(closers: Closer[]): Promise<void> {
  for (const close of closers.splice(0).reverse()) await close().catch((error: unknown) => progress(`cleanup: ${String(error)}`));
}

async function main(argv: string[]): Promise<number> {
  const closers: Closer[] = [];
  const abort = (why: string, code: number) => (): void => {
    progress(why);
    void closeAll(closers).finally(() => process.exit(code));
  };
  process.once('SIGINT', abort('interrupted; closing helpers', 130));
  process.once('SIGTERM', abort('terminated; closing helpers', 143));
  const deadline = setTimeout(abort(`gave up after ${DEADLINE_MS / 1000} s`, 1), DEADLINE_MS);
  try {
    const results = await run(closers);
    const goals = checkGoals(results);
    progress('receiver ingest (about 20 s)');
    const receiver = await measureReceiver(closers, progress);
    const ingestGoals = receiverGoals(receiver);
    progress('insights over 100,000 synthetic postmortems (about 10 s)');
    const insights = measureInsights();
    const insightsGoals = [insightsGoal(insights)];
    progress('site builds of 100, 1,000 and 5,000 postmortems, each beside a bare Astro build (about 10 min)');
    const site = await measureSite(undefined, progress);
    const siteGoals = [siteGoal(site)];
    const text = argv.includes('--json')
      ? JSON.stringify({ ...results, receiver, insights, site, goals: [...goals, ...ingestGoals, ...insightsGoals, ...siteGoals] }, null, 2)
      : `${renderTable(results, goals)}\n\n${renderReceiverTable(receiver, ingestGoals)}\n\n${renderInsightsLine(insights)}\n\n` +
        `${renderSiteTable(site)}goal ${siteGoals[0]?.goal ?? ''}: ${siteGoals[0]?.met === true ? 'met' : 'NOT met'}`;
    process.stdout.write(`${text}\n`);
    return 0;
  } catch (error) {
    progress(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  } finally {
    clearTimeout(deadline);
    await closeAll(closers);
  }
}

const code = await main(process.argv.slice(2));
process.exitCode = code;
// Everything is closed by now; should a stray handle still hold the event loop, leave anyway.
setTimeout(() => process.exit(code), 2_000).unref();
