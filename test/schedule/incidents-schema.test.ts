import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../runner/experiment/index.ts';
import { loadScheduleText } from '../../runner/schedule/index.ts';

// `incidents:` with the standing receiver: every problem, exactly as `gameday schedule` prints it.

const ENTRY = 'experiments:\n  - file: a.yaml\n    cron: "0 10 * * 2"\n';
const problemsOf = (text: string): string[] => {
  const result = loadScheduleText(`${text}${ENTRY}`, 's.yaml');
  return result.ok ? [] : result.problems.map(formatProblem);
};
const PORT = '(expected a different port, or 0 for a free one)';

describe('incidents.receiver in the schedule file', () => {
  it('a source is needed: alertmanager, receiver or both', () => {
    expect(problemsOf('incidents:\n  severities: [critical]\n')).toEqual([
      's.yaml:2:3  incidents  neither alertmanager nor receiver is given, so no incident can be seen (expected alertmanager, receiver or both)',
    ]);
  });

  it('its port is neither the kill switch API\'s nor each run\'s receiver\'s; secret_env is a variable name; keys are known', () => {
    const text = [
      'receiver: 127.0.0.1:9095',
      'kill_switch:',
      '  http: 127.0.0.1:8480',
      'incidents:',
      '  receiver:',
      '    listen: 0.0.0.0:8480',
      '    secret_env: 1-bad',
      '    secret: x',
      '',
    ].join('\n');
    expect(problemsOf(text)).toEqual([
      `s.yaml:6:13  incidents.receiver.listen  port 8480 is taken by the kill switch API (kill_switch.http: 127.0.0.1:8480) ${PORT}`,
      's.yaml:7:17  incidents.receiver.secret_env  "1-bad" is not an environment variable name (expected letters, digits and "_", such as GAMEDAY_RECEIVER_SECRET)',
      's.yaml:8:5  incidents.receiver.secret  unknown key "secret" (expected one of: listen, secret_env)',
    ]);
    expect(problemsOf('receiver: 127.0.0.1:9095\nincidents:\n  receiver: { listen: "[::1]:9095" }\n')).toEqual([
      `s.yaml:3:23  incidents.receiver.listen  port 9095 is taken by each run's own alert receiver, which a drill's alerts must reach (receiver: 127.0.0.1:9095) ${PORT}`,
    ]);
    expect(problemsOf('incidents:\n  receiver: { listen: nope }\n')).toEqual([
      's.yaml:2:23  incidents.receiver.listen  "nope" is not an address (expected host:port, such as 127.0.0.1:8080, port 0 to 65535)',
    ]);
  });

  it('port 0 (a free one) clashes with nothing; secret_env defaults to GAMEDAY_RECEIVER_SECRET; Alertmanager is optional', () => {
    const result = loadScheduleText(`receiver: 127.0.0.1:0\nkill_switch: { http: "127.0.0.1:0" }\nincidents:\n  receiver: { listen: "127.0.0.1:0" }\n${ENTRY}`, 's.yaml');
    expect(result.ok && result.schedule.incidents).toEqual({
      receiver: { listen: '127.0.0.1:0', secret_env: 'GAMEDAY_RECEIVER_SECRET' },
      severities: ['critical', 'error'],
      timeout: 5_000,
    });
  });
});
