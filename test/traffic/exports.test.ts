import { expect, it } from 'vitest';
import * as surface from '../../runner/traffic/index.ts';

// The folder's public surface: what the rest of runner/ may use.
it('exports exactly the traffic surface', () => {
  expect(Object.keys(surface).sort()).toEqual(['PROBE_OK', 'TRAFFIC_OK', 'newAgent', 'sendRequest', 'startSchedule', 'startTraffic', 'statusFailure']);
});
