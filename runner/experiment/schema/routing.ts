import { z } from 'zod';
import { whenGiven } from '../describe-value.ts';
import { duration } from '../duration.ts';
import { command, httpUrl, name, text } from './common.ts';

/**
 * Who hears about an incident: urgency (from the alert's severity) picks a
 * channel, and a page walks the escalation levels until someone acknowledges.
 */

const people = z.array(name('A person (a handle, as the team knows them)')).min(1);

export const escalationLevelSchema = z
  .strictObject({
    notify: z
      .union([z.literal('on_call'), people], {
        error: whenGiven(
          (shown) => `${shown} is not whom to notify (expected on_call, or a list of people)`,
          'on_call, or a list of people',
        ),
      })
      .describe('`on_call` (the on-call people of the incident\'s service) or a list of people'),
    timeout: duration('Escalate to the next level when nobody acknowledges within this long').optional(),
  })
  .describe('One escalation level');

export const notifyChannel = z
  .enum(['page', 'notify', 'record'])
  .describe('page: escalation levels and the webhook; notify: the webhook only; record: the journal only');

export const responderSchema = z
  .strictObject({
    name: name('Whom the responder acts as in the journal').default('gameday-responder'),
    ack_after: duration('Acknowledge each incident this long after it is opened'),
    note: text('A note written when it acknowledges').optional(),
    remediation: z
      .strictObject({
        command: command('Command that remediates, such as one that restarts the service'),
        after: duration('Run it this long after acknowledging').prefault('0s'),
        timeout: duration('Stop it (SIGTERM) after this long').prefault('1m'),
        cwd: text('Directory to run it in, relative to the experiment file').optional(),
      })
      .optional()
      .describe('A command run after acknowledging'),
    resolve_after: duration('Resolve the incident this long after acknowledging (default: never)').optional(),
  })
  .describe('An automated responder for unattended runs');

export const routingSchema = z
  .strictObject({
    on_call: z
      .record(z.string(), people)
      .default({})
      .describe('Who is on call for each service: service name to a list of people'),
    escalation: z
      .array(escalationLevelSchema)
      .min(1)
      .superRefine((levels, context) => {
        const index = levels.slice(0, -1).findIndex((level) => level.timeout === undefined);
        if (index === -1) return;
        context.addIssue({
          code: 'custom',
          path: [index, 'timeout'],
          message:
            `level ${index + 1} has no timeout, so the levels after it are never reached ` +
            '(expected a timeout on every level but the last)',
        });
      })
      .default([{ notify: 'on_call' }])
      .describe('Escalation levels, first to last; every level but the last needs a timeout'),
    notify: z
      .strictObject({
        high: notifyChannel
          .default('page')
          .describe(
            'What a high-urgency alert does: page (escalation levels and the webhook), ' +
              'notify (the webhook only) or record (the journal only)',
          ),
        low: notifyChannel.default('record').describe('What a low-urgency alert does: page, notify or record, as for `high`'),
      })
      .prefault({})
      .describe('What each urgency does'),
    webhook: z
      .strictObject({ url: httpUrl('Incoming-webhook URL (Slack format)') })
      .optional()
      .describe('Where notifications are posted'),
    responder: responderSchema.optional(),
  })
  .describe('On-call, escalation and notification');
