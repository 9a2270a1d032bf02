import { expect, it } from 'vitest';
import * as control from '../../runner/control/index.ts';
import * as incidents from '../../runner/incidents/index.ts';
import * as notify from '../../runner/notify/index.ts';

// The public surfaces of incidents and response: what the run and the CLI may use.
it('exports exactly the incidents, control and notify surfaces', () => {
  expect(Object.keys(incidents).sort()).toEqual([
    'DEFAULT_GROUP_WINDOW_MS',
    'IncidentActionError',
    'IncidentNotFoundError',
    'IncidentStateError',
    'RULE_ALERT_SOURCE',
    'createIncidentEngine',
    'expectedAlertsOf',
    'responseMetrics',
    'ruleAlert',
    'ruleDedupKey',
    'runRemediation',
  ]);
  expect(Object.keys(control).sort()).toEqual([
    'CONTROL_FILE',
    'CONTROL_TIMEOUT_MS',
    'ControlHttpError',
    'ControlRequestError',
    'ControlUnavailableError',
    'NoActiveRunError',
    'defaultResponder',
    'findActiveRun',
    'listIncidents',
    'locateRun',
    'readControlFile',
    'respond',
    'sendAction',
    'startControlApi',
  ]);
  expect(Object.keys(notify).sort()).toEqual(['DEFAULT_WEBHOOK_TIMEOUT_MS', 'createWebhookNotifier', 'messageFor', 'postWebhook']);
});
