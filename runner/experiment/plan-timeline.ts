import { formatDuration } from './duration.ts';
import type { Plan, PlannedFault, TimelineEntry } from './plan.ts';
import type { Expectation } from './schema.ts';

/** The faults by name, and the ones that time counts from when an expectation names none. */
export interface FaultSchedule {
  /** The fault named, or the first to start. */
  startOf(name: string | undefined): PlannedFault | undefined;
  /** The fault named, or the last to end. */
  endOf(name: string | undefined): PlannedFault | undefined;
  /** When the last fault ends (0 without faults). */
  faultsEnd: number;
}

/** `faults` sorted by start. */
export const faultSchedule = (faults: readonly PlannedFault[]): FaultSchedule => {
  const byName = new Map(faults.map((fault) => [fault.name, fault]));
  const first = faults[0];
  let lastEnding: PlannedFault | undefined;
  for (const fault of faults) if (lastEnding === undefined || fault.end > lastEnding.end) lastEnding = fault;
  return {
    startOf: (name) => (name === undefined ? first : byName.get(name)),
    endOf: (name) => (name === undefined ? lastEnding : byName.get(name)),
    faultsEnd: lastEnding?.end ?? 0,
  };
};

/**
 * When an expectation can be judged: alerts from their fault's start,
 * recovery from its fault's end, rates and latencies at the end of the
 * fault they are measured during, the rest at the natural end of the run.
 */
export const deadlineOf = (expectation: Expectation, schedule: FaultSchedule, naturalEnd: number): number => {
  switch (expectation.type) {
    case 'alert_fires':
      return (schedule.startOf(expectation.after)?.start ?? 0) + expectation.within;
    case 'recovers':
      return (schedule.endOf(expectation.after)?.end ?? 0) + expectation.within;
    case 'error_rate':
    case 'latency':
      return expectation.during === undefined
        ? schedule.faultsEnd
        : (schedule.endOf(expectation.during)?.end ?? schedule.faultsEnd);
    case 'alert_silent':
    case 'steady_state_restored':
      return naturalEnd;
  }
};

/** A name for reports when the file gives none. */
export const expectationName = (expectation: Expectation): string => {
  switch (expectation.type) {
    case 'alert_fires':
      return `${expectation.alert} fires`;
    case 'alert_silent':
      return `${expectation.alert} stays silent`;
    case 'recovers':
      return `${expectation.service} recovers`;
    case 'error_rate':
      return `error rate below ${Number((expectation.below * 100).toFixed(2))}%`;
    case 'latency':
      return `${expectation.percentile} latency bounded`;
    case 'steady_state_restored':
      return 'steady state restored';
  }
};

/** Entries at the same time: removals before additions, so a toxic is never briefly doubled. */
const ORDER: TimelineEntry['kind'][] = [
  'traffic-start',
  'fault-end',
  'fault-start',
  'deadline',
  'faults-over',
  'traffic-end',
  'run-end',
];

export const timelineOf = (plan: Plan, recoveryTimeout: number, window: number): TimelineEntry[] => {
  const entries: TimelineEntry[] = [];
  if (plan.traffic !== undefined) {
    const { rate, endpoints } = plan.traffic;
    entries.push({ at: 0, kind: 'traffic-start', text: `traffic starts: ${rate} req/s to ${endpoints} endpoint(s)` });
    if (plan.traffic.end < plan.end) entries.push({ at: plan.traffic.end, kind: 'traffic-end', text: 'traffic stops' });
  }
  for (const fault of plan.faults) {
    entries.push({ at: fault.start, kind: 'fault-start', text: `+ ${fault.name}: ${fault.summary}` });
    entries.push({ at: fault.end, kind: 'fault-end', text: `- ${fault.name} removed` });
  }
  for (const alert of plan.expectedAlerts) {
    if (alert.deadline === undefined) continue;
    const from = alert.fault === undefined ? '' : ` (from the start of ${alert.fault})`;
    entries.push({ at: alert.deadline, kind: 'deadline', text: `! alert ${alert.name} must have fired${from}` });
  }
  for (const { name, expectation, deadline } of plan.expectations) {
    if (expectation.type === 'recovers') entries.push({ at: deadline, kind: 'deadline', text: `! ${name} by now` });
  }
  if (plan.faults.length > 0) {
    const after = `recovery awaited up to ${formatDuration(recoveryTimeout)}, then steady state measured for ${formatDuration(window)}`;
    entries.push({ at: plan.faultsEnd, kind: 'faults-over', text: `faults over; ${after}` });
  }
  const cut = plan.cutByMaxDuration ? ' (cut by safety.max_duration)' : '';
  entries.push({ at: plan.end, kind: 'run-end', text: `run ends at the latest${cut}` });
  return entries.sort((a, b) => a.at - b.at || ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
};
