import { z } from 'zod';

/** Bodies the control API takes, checked whole before anything is done. */

const incident = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, { error: 'expected an incident id such as inc-1' })
  .describe('The incident to act on; absent: every one the action applies to');
const by = z.string().trim().min(1, { error: 'expected a name, not an empty string' }).max(100).describe('Who acts');

export const ackRequestSchema = z.strictObject({ incident: incident.optional(), by: by.optional() });
export const resolveRequestSchema = ackRequestSchema;
export const noteRequestSchema = z.strictObject({
  text: z.string({ error: 'expected the note as a string' }).trim().min(1, { error: 'expected some text' }).max(4_000),
  incident: incident.optional(),
  by: by.optional(),
});

/** What the handlers get: `by` always filled in. */
export interface AckRequest {
  incident: string | undefined;
  by: string;
}
export type ResolveRequest = AckRequest;
export interface NoteRequest extends AckRequest {
  text: string;
}
