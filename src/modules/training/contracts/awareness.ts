import { z } from 'zod';
import { nameText, queryInt, MAX_INT32, versionField } from '../../../platform/contracts/common.js';
import { audienceSchema, markdownText } from './courses.js';
import { calendarDay } from './campaigns.js';

/**
 * Awareness messages (定期保密知识提醒, TRN-06): what the security office writes (title, Markdown body, audience), how
 * often it goes out (every `intervalDays` days from `nextOn`), and whether it is active.
 */
const awarenessFields = {
  title: nameText(200),
  body: markdownText.refine((s) => s.trim().length > 0, 'write the message'),
  audience: audienceSchema,
  intervalDays: z.number().int().min(1).max(3650),
  /** The next organisation day it goes out (today or later). */
  nextOn: calendarDay,
  active: z.boolean(),
};
export const createAwarenessBody = z.strictObject(awarenessFields);
export type CreateAwarenessInput = z.infer<typeof createAwarenessBody>;
export const updateAwarenessBody = z.strictObject({ version: versionField, ...awarenessFields });
export type UpdateAwarenessInput = z.infer<typeof updateAwarenessBody>;
export const deleteVersionQuery = z.strictObject({ version: queryInt(1, MAX_INT32 - 1) });

export const awarenessSchema = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  /** The body rendered to sanitised HTML. */
  bodyHtml: z.string(),
  audience: audienceSchema,
  intervalDays: z.number().int(),
  nextOn: z.string(),
  lastSentOn: z.string().nullable(),
  active: z.boolean(),
  /** Active people the audience takes in today. */
  audienceCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type AwarenessDto = z.infer<typeof awarenessSchema>;
export const awarenessListResponse = z.object({ items: z.array(awarenessSchema) });
