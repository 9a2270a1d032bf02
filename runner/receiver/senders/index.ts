import { alertmanager } from './alertmanager.ts';
import { generic } from './generic.ts';
import { grafana } from './grafana.ts';
import { pagerduty } from './pagerduty.ts';
import type { Sender } from '../types.ts';

/** Every sender the receiver accepts, each at its own path. Adding one is one file and one line here. */
export const SENDERS: readonly Sender[] = [pagerduty, alertmanager, grafana, generic];

export { alertmanager, generic, grafana, pagerduty };
