import { dirname } from 'node:path';
import { checkSteadyState } from '../probes/index.ts';
import { startServices, type RunningServices } from '../services/index.ts';
import { DEFAULT_SERVER } from '../experiment/index.ts';
import { createProxies, toxicServerName, type CreatedProxy } from '../faults/index.ts';
import { ToxiproxyTimeoutError, ToxiproxyUnreachableError } from '../toxiproxy-client/index.ts';
import { untilTime, type RunContext } from './context.ts';

/** Preflight found the system not ready; nothing was injected. */
export class PreflightFailure extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'PreflightFailure';
  }
}

export interface PreflightResult {
  proxies: CreatedProxy[];
  services: RunningServices | undefined;
}

/**
 * Before any fault: every Toxiproxy server answers, the run's proxies are
 * created (journaled before each), the services are started and healthy,
 * and the steady state holds over `steady_state.window` with the probes
 * already running. Throws PreflightFailure saying which check failed; what
 * was made so far is the rollback's to remove.
 */
export async function preflight(context: RunContext, onServices: (services: RunningServices) => void): Promise<PreflightResult> {
  const { plan, experiment, journal } = context;
  journal.write({ source: 'runner', type: 'phase.started', phase: 'preflight' });
  await checkServersAnswer(context);
  let proxies: CreatedProxy[];
  try {
    proxies = await createProxies(plan.proxies, { runId: context.runId, journal, servers: context.servers, log: context.say });
  } catch (error) {
    throw new PreflightFailure(`could not create the proxies: ${message(error)}`);
  }
  const several = context.servers.size > 1;
  for (const proxy of proxies) {
    context.say(`  proxy ${proxy.proxy}: ${proxy.listen} -> ${proxy.upstream} (${proxy.name})${several ? ` on host ${proxy.host}` : ''}`);
  }
  await checkToxicsAccepted(context, proxies);

  let services: RunningServices | undefined;
  const toStart = experiment.services.filter((s) => s.start !== undefined || s.health !== undefined);
  if (toStart.length > 0) {
    try {
      services = await startServices(toStart, {
        experimentDir: dirname(context.experimentFile),
        runDir: context.dir,
        journal,
        signal: context.signal,
        log: context.say,
        env: { GAMEDAY_RUN_ID: context.runId, GAMEDAY_RUN_DIR: context.dir },
      });
      onServices(services);
    } catch (error) {
      if (context.signal.aborted) throw error;
      throw new PreflightFailure(`services not ready: ${message(error)}`);
    }
  }
  return { proxies, services };
}

/**
 * Every server answers GET /version before anything is created on any of
 * them, so a host that is down never leaves the others half set up. They are
 * asked at once, and every one that does not answer is named: with several
 * hosts, by host and URL, with what to check there.
 */
async function checkServersAnswer(context: RunContext): Promise<void> {
  const servers = [...context.servers];
  const silent = (
    await Promise.all(
      servers.map(async ([host, server]) => {
        try {
          await server.client.version();
          return undefined;
        } catch (error) {
          return { host, url: server.url, error };
        }
      }),
    )
  ).filter((failure) => failure !== undefined);
  if (silent.length === 0) return;
  if (servers.length === 1 && silent[0]!.host === DEFAULT_SERVER) {
    const { host, url, error } = silent[0]!;
    throw new PreflightFailure(`Toxiproxy server ${host} (${url}) did not answer: ${message(error)}`);
  }
  const each = silent.map(({ host, url, error }) => `host ${host} (${url}): ${reasonOf(error)}`);
  const answered = servers.filter(([host]) => !silent.some((failure) => failure.host === host)).map(([host]) => host);
  throw new PreflightFailure(
    `Toxiproxy did not answer on ${silent.length === 1 ? 'host' : 'hosts'} ${silent.map((s) => s.host).join(', ')}, ` +
      `so nothing was created on any host${answered.length === 0 ? '' : ` (${answered.join(', ')} answered)`}: ${each.join('; ')}. ` +
      'Start gameday toxiproxy (or Toxiproxy) there, or correct its url in the toxiproxy: list of the experiment',
  );
}

/** Why a server did not answer, without the client's advice on TOXIPROXY_URL (the list names each host's URL). */
const reasonOf = (error: unknown): string => {
  if (error instanceof ToxiproxyUnreachableError) return `cannot reach it: ${error.reason}`;
  if (error instanceof ToxiproxyTimeoutError) return `no answer to ${error.request} within ${error.timeoutMs} ms`;
  return message(error);
};

/**
 * Each server takes a toxic on one of the run's proxies and lets it go again
 * (a `noop`, which changes nothing). A server that refuses toxics fails here
 * rather than at the first fault, and the first fault's call finds every
 * code path on both sides already warm, so it starts on time.
 */
async function checkToxicsAccepted(context: RunContext, proxies: readonly CreatedProxy[]): Promise<void> {
  const onePerHost = new Map(proxies.map((proxy) => [proxy.host, proxy]));
  for (const [host, proxy] of onePerHost) {
    const server = context.servers.get(host);
    if (server === undefined) continue;
    const name = toxicServerName('preflight', context.runId);
    try {
      await server.client.addToxic(proxy.name, { name, type: 'noop', stream: 'downstream', toxicity: 1, attributes: {} });
      await server.client.removeToxic(proxy.name, name);
    } catch (error) {
      throw new PreflightFailure(`Toxiproxy server ${host} (${server.url}) did not accept a toxic on ${proxy.name}: ${message(error)}`);
    }
  }
}

/** Measures the steady state over [from, from + window) and journals it; throws PreflightFailure when it does not hold. */
export async function steadyStateBefore(context: RunContext): Promise<void> {
  const { window, probes } = context.experiment.steady_state;
  // From the next bucket boundary: the store resolves windows to whole buckets, so [from, from + window) then covers only buckets that have passed when judged.
  const from = Math.ceil(context.journal.elapsed() / context.store.bucketMs) * context.store.bucketMs;
  context.say(`  measuring the steady state for ${window / 1000}s`);
  await untilTime(context, from + window, context.signal);
  if (context.signal.aborted) return;
  const verdict = checkSteadyState(context.store, probes, { from, to: from + window });
  context.journal.write({
    source: 'probe',
    type: 'steady_state.checked',
    when: 'before',
    held: verdict.held,
    probes: verdict.probes.map((p) => ({ probe: p.probe, held: p.held, why: p.why })),
  });
  if (!verdict.held) {
    const why = verdict.probes.filter((p) => !p.held).map((p) => `${p.probe}: ${p.why}`);
    throw new PreflightFailure(`the steady state does not hold before any fault (${why.join('; ')})`);
  }
}

export const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));
