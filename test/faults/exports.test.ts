import { expect, it } from 'vitest';
import * as faults from '../../runner/faults/index.ts';
import * as recover from '../../runner/recover/index.ts';
import * as watchdog from '../../runner/watchdog/index.ts';

// The public surfaces of the safety half of a run: what the runner and the CLI may use.
it('exports exactly the faults, recover and watchdog surfaces', () => {
  expect(Object.keys(faults).sort()).toEqual([
    'FaultInjectionError',
    'ProxyCreationError',
    'UnknownServerError',
    'createProxies',
    'deleteProxyByHand',
    'describeTarget',
    'enableProxyByHand',
    'footprintOf',
    'injectFault',
    'isEmptyFootprint',
    'isFromRun',
    'parseRunName',
    'proxyServerName',
    'removeEverything',
    'removeFault',
    'removeToxicByHand',
    'toxicServerName',
  ]);
  expect(Object.keys(recover).sort()).toEqual([
    'RunInProgressError',
    'checkRunner',
    'commandLine',
    'findRunToRecover',
    'isRunning',
    'processStartMs',
    'processStartTicks',
    'readRunRecord',
    'recoverRun',
    'sameProcess',
    'servicesLeft',
    'stopProcessGroup',
  ]);
  expect(Object.keys(watchdog).sort()).toEqual([
    'HEARTBEAT_FILE',
    'HEARTBEAT_INTERVAL_MS',
    'HEARTBEAT_STALE_MS',
    'WATCHDOG_LOG',
    'heartbeatAgeMs',
    'spawnWatchdog',
    'startHeartbeat',
    'watchRunner',
  ]);
});
