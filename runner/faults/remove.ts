import type { EventOf } from '../journal/index.ts';
import type { PlannedFault } from '../experiment/index.ts';
import { enableProxyByHand, removeToxicByHand } from './by-hand.ts';
import { say, serverFor, sourceOf, type FaultContext } from './context.ts';
import { errorText, isNotFound } from './errors.ts';
import { isFromRun } from './names.ts';
import { describeTarget, targetOf, type FaultTarget } from './target.ts';

export type RemovalHow = EventOf<'fault.removed'>['how'];

export interface RemovalResult {
  fault: string;
  /** True when the fault no longer acts on traffic (removed, neutralised by disabling its proxy, or already gone). */
  removed: boolean;
  how?: RemovalHow;
  /** When not removed: what is still on the server and what to do by hand, one line each. */
  left: string[];
}

export interface RemoveOptions {
  /** Why: at its planned end, or because the run is rolling back. */
  reason: 'scheduled' | 'rollback';
}

/**
 * Removes one fault, escalating until it no longer acts on traffic:
 * - a toxic: remove it; if that fails, disable its proxy (ours only: the name
 *   must carry this run's id), which stops all traffic through it; if that
 *   fails too, journal `fault.removal_failed` with what is left and the
 *   commands to remove it by hand, and log it loudly;
 * - `down`: re-enable the proxy; if that fails, the same loud failure.
 * A 404 (proxy or toxic not there) counts as removed: `already_gone`.
 * Never throws for a server's failure: the result says whether the run's
 * rollback is incomplete.
 */
export const removeFault = async (
  fault: PlannedFault | FaultTarget,
  context: FaultContext,
  options: RemoveOptions,
): Promise<RemovalResult> => {
  const target = 'action' in fault ? targetOf(fault, context) : fault;
  context.journal.write({ source: sourceOf(context), type: 'fault.removing', fault: target.fault, reason: options.reason });
  return escalate(target, context);
};

/** The escalation itself, after `fault.removing` has been journaled. */
export const escalate = async (target: FaultTarget, context: FaultContext): Promise<RemovalResult> => {
  const { client } = serverFor(context, target.host);
  const done = (how: RemovalHow, escalated?: string): RemovalResult => {
    context.journal.write({
      source: sourceOf(context),
      type: 'fault.removed',
      fault: target.fault,
      how,
      ...(escalated === undefined ? {} : { escalated }),
    });
    return { fault: target.fault, removed: true, how, left: [] };
  };

  if (target.toxic === null) {
    try {
      await client.updateProxy(target.proxy, { enabled: true });
      return done('proxy_enabled');
    } catch (error) {
      if (isNotFound(error)) return done('already_gone');
      return failed(target, context, `re-enabling the proxy failed: ${errorText(error)}`, [
        enableProxyByHand(target.url, target.proxy),
      ]);
    }
  }

  let firstError: string;
  try {
    await client.removeToxic(target.proxy, target.toxic);
    return done('toxic_removed');
  } catch (error) {
    if (isNotFound(error)) return done('already_gone');
    firstError = `removing the toxic failed: ${errorText(error)}`;
  }
  const byHand = [removeToxicByHand(target.url, target.proxy, target.toxic)];
  if (!isFromRun(target.proxy, context.runId)) {
    // Someone else's proxy: never disabled by us.
    return failed(target, context, `${firstError}; proxy ${target.proxy} is not this run's, so it was not disabled`, byHand);
  }
  say(context, `fault ${target.fault}: ${firstError}; disabling proxy ${target.proxy} instead`);
  try {
    await client.updateProxy(target.proxy, { enabled: false });
    return done('proxy_disabled', firstError);
  } catch (error) {
    if (isNotFound(error)) return done('already_gone', firstError);
    return failed(target, context, `${firstError}; then disabling the proxy failed: ${errorText(error)}`, byHand);
  }
};

/** The loud end of the escalation: journaled, logged, and reported as left behind. */
const failed = (target: FaultTarget, context: FaultContext, error: string, byHand: string[]): RemovalResult => {
  const left = `${describeTarget(target)} is still active`;
  const next = `remove it by hand: ${byHand.join(' ; ')} (or run gameday recover on this run once the server answers)`;
  context.journal.write({ source: sourceOf(context), type: 'fault.removal_failed', fault: target.fault, error, next, left });
  say(context, `ROLLBACK INCOMPLETE: ${left}: ${error}. ${next}`);
  return { fault: target.fault, removed: false, left: [`${left}: ${next}`] };
};
