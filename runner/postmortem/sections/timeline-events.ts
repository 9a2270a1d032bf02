import type { EventOf, EventType, JournalEvent } from '../../journal/index.ts';
import type { Facts } from '../facts.ts';
import { formatMs } from '../format.ts';
import { md } from './common.ts';

type Describe<T extends EventType> = (event: EventOf<T>, facts: Facts) => string | null;

/**
 * How each journal event reads in the timeline (Markdown, outside text
 * escaped); types not listed here (proxies, summaries, repeats, raw
 * receipts) are left out as not worth a person's eye. null: leave this one out.
 */
const DESCRIBE: { [T in EventType]?: Describe<T> } = {
  'run.started': (e) => `Run ${md(e.run_id)} started (experiment ${md(e.experiment.name)})`,
  'phase.started': (e) => PHASES[e.phase] ?? null,
  'service.stopped': (e) => (e.unexpected === true ? `${md(e.service)} exited by itself (${e.signal === null || e.signal === undefined ? `code ${e.code ?? '?'}` : md(e.signal)})` : null),
  'fault.injected': (e, facts) => {
    const fault = facts.faults.find((f) => f.name === e.fault);
    const first = fault?.injected?.t === facts.impact.start?.t ? '**Impact begins.** ' : '';
    return `${first}Fault ${md(e.fault)} injected: ${md(fault?.summary ?? 'unknown')}`;
  },
  'fault.injection_failed': (e) => `Fault ${md(e.fault)} could not be injected: ${md(e.error)}`,
  'fault.removed': (e) => `Fault ${md(e.fault)} removed${e.how === 'toxic_removed' || e.how === 'proxy_enabled' ? '' : ` (${md(e.how.replaceAll('_', ' '))})`}`,
  'fault.removal_failed': (e) => `Fault ${md(e.fault)} could not be removed: ${md(e.error)}`,
  'steady_state.checked': (e) => {
    const broken = e.probes.filter((p) => !p.held).map((p) => `${md(p.probe)}: ${md(p.why ?? 'out of tolerance')}`);
    return `Steady state ${e.when} the faults: ${e.held ? 'held' : `did not hold (${broken.join('; ')})`}`;
  },
  'stop_condition.hit': (e) => `Stop condition ${md(e.condition)} hit: ${md(e.detail)}`,
  'operator.abort': (e) => `Operator stopped the run (${md(e.signal)})`,
  'recovery.checked': (e) =>
    e.recovered ? `**Recovered:** ${md(e.service)}, ${formatMs(e.after_ms)} after the faults ended` : `${md(e.service)} did not recover: ${md(e.detail)}`,
  'alert.triggered': (e) => `Alert ${md(e.alert ?? e.dedup_key)} fired (${md(e.severity)}, ${md(e.origin)}): ${md(e.summary)}`,
  'alert.acknowledged': (e) => `Alert ${md(e.dedup_key)} acknowledged by ${md(e.by)}`,
  'alert.resolved': (e) => `Alert ${md(e.alert ?? e.dedup_key)} resolved`,
  'incident.opened': (e) => `Incident ${md(e.incident)} opened (${md(e.severity)}, ${e.urgency} urgency): ${md(e.title)}`,
  'incident.acknowledged': (e) => `Incident ${md(e.incident)} acknowledged by ${md(e.by)}`,
  'incident.resolved': (e) => `Incident ${md(e.incident)} resolved by ${md(e.by)}`,
  'notification.sent': (e) => `${e.channel === 'page' ? 'Paged' : 'Notified'} ${md(e.to.join(', '))} (level ${e.level}, ${e.channel})${e.ok ? '' : `: failed${e.detail === undefined ? '' : `, ${md(e.detail)}`}`}`,
  escalation: (e) => `Incident ${md(e.incident)} escalated to level ${e.level} (${md(e.to.join(', '))}): ${md(e.reason)}`,
  'responder.note': (e) => `Note by ${md(e.by)}: ${md(e.text)}`,
  'remediation.ran': (e) => `Remediation ${md(e.command)} ${e.ok ? 'succeeded' : 'failed'}: ${md(e.detail)}`,
  'rollback.completed': (e) => (e.complete ? 'Rollback complete: nothing left behind' : `Rollback incomplete, left: ${md(e.left.join('; '))}`),
  'preflight.failed': (e) => `Preflight failed: ${md(e.reason)}`,
  error: (e) => `Error: ${md(e.message)}`,
  'run.recovered': (e) => `Run cleaned up by ${md(e.source)} (runner ${e.runner}); ${e.complete ? 'nothing left' : `left: ${md(e.left.join('; '))}`}`,
  'run.ended': (e) => `Run ended: **${md(e.verdict)}**`,
};

const PHASES: Partial<Record<EventOf<'phase.started'>['phase'], string>> = {
  traffic: 'Traffic started',
  recovery: 'Faults over; watching the services recover',
  steady_state_after: 'Measuring the steady state again',
  rollback: 'Rolling back what the run made',
};

/** The timeline text of one event; null when it is not shown. */
export const describeEvent = (event: JournalEvent, facts: Facts): string | null => {
  const describe = DESCRIBE[event.type] as Describe<EventType> | undefined;
  return describe === undefined ? null : describe(event as EventOf<EventType>, facts);
};
