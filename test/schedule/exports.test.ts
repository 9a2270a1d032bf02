import { describe, expect, it } from 'vitest';
import * as schedule from '../../runner/schedule/index.ts';

describe('runner/schedule', () => {
  it('exports this and nothing else', () => {
    expect(Object.keys(schedule).sort()).toEqual([
      'acquireLock',
      'alertmanagerIncidents',
      'blackoutAt',
      'dueStart',
      'experimentDrill',
      'formatEvent',
      'formatInZone',
      'loadScheduleFile',
      'loadScheduleText',
      'nextStart',
      'previewSchedule',
      'resolveSchedule',
      'scheduleSchema',
      'startSchedule',
      'upcomingStarts',
    ]);
  });
});
