import { expect, it } from 'vitest';
import * as surface from '../../runner/samples/index.ts';

// The folder's public surface: what the rest of runner/ may use.
it('exports exactly the samples surface', () => {
  expect(Object.keys(surface).sort()).toEqual(['DEFAULT_BUCKET_MS', 'DEFAULT_RETAIN_MS', 'DEFAULT_SUMMARY_EVERY_MS', 'SampleStore', 'SampleWindowError', 'TRAFFIC', 'formatLatency', 'formatPercent', 'startSummaries']);
});
