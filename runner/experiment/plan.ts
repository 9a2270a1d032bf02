import { DEFAULT_SERVER, describeFault, resolveServers, toxicFor, type PlannedServer, type ToxicBody } from './plan-parts.ts';
import { deadlineOf, expectationName, faultSchedule, timelineOf, type FaultSchedule } from './plan-timeline.ts';
import type { AlertRule, Experiment, Expectation, Fault, Safety, StopCondition } from './schema.ts';

/**
 * The timeline a run of an experiment follows, resolved from the file and
 * touching nothing: which proxies on which Toxiproxy server, every fault
 * with its absolute start and end, the alerts expected and by when, the
 * stop conditions. All times are milliseconds from the start of the run
 * (t = 0, when the traffic starts; preflight comes before it).
 *
 * The run ends, at the latest, when every fault is over, the recovery
 * timeout has passed, the steady state has been measured again, and every
 * expectation's deadline has passed; never after safety.max_duration.
 */
export interface Plan {
  name: string;
  description: string;
  servers: PlannedServer[];
  services: Experiment['services'];
  proxies: PlannedProxy[];
  preflight: { window: number; probes: string[] };
  traffic: { rate: number; start: number; end: number; endpoints: number } | undefined;
  faults: PlannedFault[];
  rules: AlertRule[];
  expectedAlerts: PlannedAlert[];
  expectations: PlannedExpectation[];
  stopConditions: StopCondition[];
  rollback: Safety['rollback'];
  /** When the last fault ends. */
  faultsEnd: number;
  /** When the run ends at the latest. */
  end: number;
  maxDuration: number;
  /** True when max_duration cuts the run short of `faultsEnd + recovery + window` or of a deadline. */
  cutByMaxDuration: boolean;
  timeline: TimelineEntry[];
}

export interface PlannedProxy {
  name: string;
  service: string;
  listen: string;
  upstream: string;
  /** The `host` of the server that holds it (`default` when there is one server). */
  host: string;
}

export interface PlannedFault {
  name: string;
  type: Fault['type'];
  proxy: string;
  host: string;
  start: number;
  end: number;
  /** What the runner does: add this toxic (Toxiproxy API units), or disable the proxy (`down`). */
  action: { kind: 'toxic'; toxic: ToxicBody } | { kind: 'disable-proxy' };
  /** For people: `latency 800ms ± 100ms on to-payments downstream`. */
  summary: string;
}

export interface PlannedAlert {
  name: string;
  source: 'rule' | 'external';
  /** The fault whose start the deadline counts from. */
  fault: string | undefined;
  /** Latest time it may fire and still meet the expectation; undefined when there is no fault to count from. */
  deadline: number | undefined;
}

export interface PlannedExpectation {
  name: string;
  expectation: Expectation;
  /** Time after which the expectation can be judged. */
  deadline: number;
}

export interface TimelineEntry {
  at: number;
  kind: 'traffic-start' | 'traffic-end' | 'fault-start' | 'fault-end' | 'deadline' | 'faults-over' | 'run-end';
  text: string;
}

export interface PlanOptions {
  /** TOXIPROXY_URL from the environment; used when the experiment names no server. */
  toxiproxyUrl?: string | undefined;
}

export const planExperiment = (experiment: Experiment, options: PlanOptions = {}): Plan => {
  const servers = resolveServers(experiment.toxiproxy, options.toxiproxyUrl);
  const proxies = experiment.services.flatMap((service) =>
    service.proxies.map(
      (proxy): PlannedProxy => ({
        name: proxy.name,
        service: service.name,
        listen: proxy.listen,
        upstream: proxy.upstream,
        host: proxy.host ?? servers[0]?.host ?? DEFAULT_SERVER,
      }),
    ),
  );
  const hostOf = new Map(proxies.map((proxy) => [proxy.name, proxy.host]));
  const faults = [...experiment.faults].sort((a, b) => a.at - b.at).map((fault) => planFault(fault, hostOf));
  const schedule = faultSchedule(faults);
  const { window, recovery_timeout: recoveryTimeout } = experiment.steady_state;
  const naturalEnd = schedule.faultsEnd + recoveryTimeout + window;

  const expectations = experiment.expectations.map(
    (expectation): PlannedExpectation => ({
      name: expectation.name ?? expectationName(expectation),
      expectation,
      deadline: deadlineOf(expectation, schedule, naturalEnd),
    }),
  );
  const expectedAlerts = planExpectedAlerts(experiment, schedule, expectations);

  const trafficLength = experiment.traffic?.duration;
  const fixedTraffic = typeof trafficLength === 'number' ? trafficLength : undefined;
  const deadlines = [...expectations.map((planned) => planned.deadline), ...expectedAlerts.map((alert) => alert.deadline ?? 0)];
  const wanted = Math.max(naturalEnd, fixedTraffic ?? 0, ...deadlines);
  const maxDuration = experiment.safety.max_duration;
  const end = Math.min(wanted, maxDuration);

  const plan: Plan = {
    name: experiment.name,
    description: experiment.description,
    servers,
    services: experiment.services,
    proxies,
    preflight: { window, probes: experiment.steady_state.probes.map((probe) => probe.name) },
    traffic:
      experiment.traffic === undefined
        ? undefined
        : {
            rate: experiment.traffic.rate,
            start: 0,
            end: Math.min(fixedTraffic ?? end, end),
            endpoints: experiment.traffic.endpoints.length,
          },
    faults,
    rules: experiment.alerts.rules,
    expectedAlerts,
    expectations,
    stopConditions: experiment.safety.stop_conditions,
    rollback: experiment.safety.rollback,
    faultsEnd: schedule.faultsEnd,
    end,
    maxDuration,
    cutByMaxDuration: wanted > maxDuration,
    timeline: [],
  };
  plan.timeline = timelineOf(plan, recoveryTimeout, window);
  return plan;
};

const planFault = (fault: Fault, hostOf: ReadonlyMap<string, string>): PlannedFault => {
  const toxic = toxicFor(fault);
  return {
    name: fault.name,
    type: fault.type,
    proxy: fault.proxy,
    host: hostOf.get(fault.proxy) ?? DEFAULT_SERVER,
    start: fault.at,
    end: fault.at + fault.for,
    action: toxic === undefined ? { kind: 'disable-proxy' } : { kind: 'toxic', toxic },
    summary: describeFault(fault),
  };
};

/** External expected alerts, and the run's own rules that an `alert_fires` expectation waits for; by deadline. */
const planExpectedAlerts = (
  experiment: Experiment,
  schedule: FaultSchedule,
  expectations: readonly PlannedExpectation[],
): PlannedAlert[] => {
  const external = experiment.alerts.expected.map((alert): PlannedAlert => {
    const fault = schedule.startOf(alert.after);
    const deadline = fault === undefined ? undefined : fault.start + alert.within;
    return { name: alert.name, source: 'external', fault: fault?.name, deadline };
  });
  const rules = new Set(experiment.alerts.rules.map((rule) => rule.name));
  const own = expectations.flatMap(({ expectation, deadline }): PlannedAlert[] => {
    if (expectation.type !== 'alert_fires' || !rules.has(expectation.alert)) return [];
    return [{ name: expectation.alert, source: 'rule', fault: schedule.startOf(expectation.after)?.name, deadline }];
  });
  const latest = (alert: PlannedAlert): number => alert.deadline ?? Number.POSITIVE_INFINITY;
  return [...external, ...own].sort((a, b) => latest(a) - latest(b));
};
