import { dirname } from 'node:path';
import { checkSteadyState } from '../probes/index.ts';
import { startServices, type RunningServices } from '../services/index.ts';
import { createProxies, toxicServerName, type CreatedProxy } from '../faults/index.ts';
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
  for (const [host, server] of context.servers) {
    try {
      await server.client.version();
    } catch (error) {
      throw new PreflightFailure(`Toxiproxy server ${host} (${server.url}) did not answer: ${message(error)}`);
    }
  }
  let proxies: CreatedProxy[];
  try {
    proxies = await createProxies(plan.proxies, { runId: context.runId, journal, servers: context.servers, log: context.say });
  } catch (error) {
    throw new PreflightFailure(`could not create the proxies: ${message(error)}`);
  }
  for (const proxy of proxies) context.say(`  proxy ${proxy.proxy}: ${proxy.listen} -> ${proxy.upstream} (${proxy.name})`);
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
