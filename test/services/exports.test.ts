import { expect, it } from 'vitest';
import * as services from '../../runner/services/index.ts';

it('exports exactly the public surface of runner/services', () => {
  expect(Object.keys(services).sort()).toEqual([
    'RunningServices',
    'ServiceConfigError',
    'ServiceExitedError',
    'ServiceNotHealthyError',
    'ServiceStartError',
    'ServicesAbortedError',
    'checkHealth',
    'describeExit',
    'isHealthy',
    'startServices',
  ]);
});
