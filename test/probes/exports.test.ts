import { expect, it } from 'vitest';
import * as surface from '../../runner/probes/index.ts';

// The folder's public surface: what the rest of runner/ may use.
it('exports exactly the probes surface', () => {
  expect(Object.keys(surface).sort()).toEqual(['checkSteadyState', 'startProbes']);
});
