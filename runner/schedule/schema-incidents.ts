import { z } from 'zod';
import { whenGiven } from '../experiment/describe-value.ts';
import { duration } from '../experiment/duration.ts';
import { hostPort, httpUrl } from '../experiment/schema/common.ts';
import { splitAddress } from './address.ts';

/**
 * `incidents:`: where the scheduler learns that a real incident is open.
 * Two sources, either or both: Alertmanager's API, asked before each
 * start, and the schedule's own standing receiver, which the team's
 * monitoring posts alerts to while `gameday schedule` runs.
 */

/** Where the standing receiver's secret comes from when `secret_env` is not given (the same variable a run's receiver reads). */
export const DEFAULT_SECRET_ENV = 'GAMEDAY_RECEIVER_SECRET';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const incidentsReceiverSchema = z
  .strictObject({
    listen: hostPort(
      'Address of the standing receiver: POST /v2/enqueue, /alertmanager, /grafana and /alerts, as a run\'s receiver takes them. ' +
        'Its port differs from kill_switch.http and from receiver (each run\'s own)',
    ),
    secret_env: z
      .string()
      .regex(ENV_NAME, { error: whenGiven((shown) => `${shown} is not an environment variable name (expected letters, digits and "_", such as GAMEDAY_RECEIVER_SECRET)`) })
      .default(DEFAULT_SECRET_ENV)
      .describe(
        'The environment variable holding the secret senders present (Authorization: Bearer, or PagerDuty\'s routing_key); default GAMEDAY_RECEIVER_SECRET. ' +
          'Unset or empty: the scheduler refuses to start unless listen is loopback (localhost, 127.x.x.x, ::1); there it makes a secret ' +
          'and keeps it in <runs_dir>/schedule-receiver.json (mode 0600, reused after a restart)',
      ),
  })
  .describe(
    'The schedule\'s standing alert receiver, up while gameday schedule runs: firing alerts it is sent (resolved by their resolve, ' +
      'by dedup key) refuse starts; each is kept in <runs_dir>/schedule-alerts.jsonl, which is replayed when the scheduler starts. ' +
      'It is not a drill\'s receiver: each run still has its own (receiver:), which is where a drill\'s alerts go',
  );

export const incidentsSchema = z
  .strictObject({
    alertmanager: httpUrl('Alertmanager\'s base URL; GET /api/v2/alerts lists what is firing').optional(),
    receiver: incidentsReceiverSchema.optional(),
    severities: z
      .array(z.string().min(1))
      .min(1)
      .default(['critical', 'error'])
      .describe(
        'Values of the severity label that count as an open incident, without regard to case; an alert sent to the receiver counts ' +
          'when its severity label as sent, or its severity as the receiver maps it (critical, error, warning, info), is one of them',
      ),
    timeout: duration('How long to wait for Alertmanager; no answer means no drill').prefault('5s'),
  })
  .describe('Refuse to start a drill while a real incident is open: alerts firing in Alertmanager, sent to the standing receiver, or both');

type Add = (path: readonly (string | number)[], message: string) => void;

/**
 * Checks that need other parts of the file: a source to ask, and a port
 * of the standing receiver that no other server of the scheduler (the kill
 * switch API, each run's receiver) listens on at the same time. Port 0 (a
 * free one) never clashes. Values may still be raw input when a field had
 * a problem of its own; those are left to that field's message.
 */
export const checkIncidentSources = (schedule: { incidents?: unknown; kill_switch?: unknown; receiver?: unknown }, add: Add): void => {
  const incidents = schedule.incidents as { alertmanager?: unknown; receiver?: { listen?: unknown } } | undefined;
  if (typeof incidents !== 'object' || incidents === null) return;
  if (incidents.alertmanager === undefined && incidents.receiver === undefined) {
    add(['incidents'], 'neither alertmanager nor receiver is given, so no incident can be seen (expected alertmanager, receiver or both)');
  }
  const listen = portOf(incidents.receiver?.listen);
  if (listen === undefined) return;
  const others: [string, unknown, string][] = [
    ['kill_switch.http', (schedule.kill_switch as { http?: unknown } | undefined)?.http, 'the kill switch API'],
    ['receiver', schedule.receiver, 'each run\'s own alert receiver, which a drill\'s alerts must reach'],
  ];
  for (const [field, address, what] of others) {
    if (portOf(address) !== listen) continue;
    add(['incidents', 'receiver', 'listen'], `port ${listen} is taken by ${what} (${field}: ${String(address)}) (expected a different port, or 0 for a free one)`);
  }
};

/** The port of an address as written, when it is one and not 0. */
const portOf = (address: unknown): number | undefined => {
  if (typeof address !== 'string' || !address.includes(':')) return undefined;
  const { port } = splitAddress(address);
  return Number.isInteger(port) && port > 0 && port <= 65_535 ? port : undefined;
};
