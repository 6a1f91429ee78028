import { z } from 'zod';
import { CAMPAIGN_KINDS } from '../../../kernel/training.js';
import { isCalendarDate } from '../../../kernel/secrecy-period.js';
import { nameText, versionField } from '../../../platform/contracts/common.js';
import { audienceSchema, markdownText } from './courses.js';

/**
 * Publicity campaigns (保密宣传, TRN-12): posters, brochures, articles... with an audience and the days they run,
 * an optional file (a PDF or an image, uploaded on its own); everyone sees the current ones meant for them.
 */
export const calendarDay = z.string().refine(isCalendarDate, 'a calendar date YYYY-MM-DD');
export const campaignKindSchema = z.enum(CAMPAIGN_KINDS);

const campaignFields = {
  title: nameText(200),
  kind: campaignKindSchema,
  audience: audienceSchema,
  startsOn: calendarDay,
  endsOn: calendarDay,
  /** The article, or what the poster or brochure is about (Markdown). */
  body: markdownText,
};
export const createCampaignBody = z.strictObject(campaignFields);
export type CreateCampaignInput = z.infer<typeof createCampaignBody>;
export const updateCampaignBody = z.strictObject({ version: versionField, ...campaignFields });
export type UpdateCampaignInput = z.infer<typeof updateCampaignBody>;

export const campaignListQuery = z.strictObject({
  /** The security office: every campaign (past, current, future), not only the current ones meant for it. */
  all: z.enum(['true']).optional(),
});

export const campaignFileQuery = z.strictObject({
  version: z
    .string()
    .regex(/^\d{1,9}$/, 'must be a whole number')
    .transform(Number)
    .pipe(versionField),
  /** The file's name as the office chose it (shown, and given when downloaded). */
  name: nameText(200),
});
/** The file's raw bytes (a PDF, PNG or JPEG). */
export const campaignFileBody = z
  .custom<Buffer>((v) => Buffer.isBuffer(v), "the campaign's file: a PDF, PNG or JPEG file")
  .meta({ type: 'string', format: 'binary' });

export const campaignSchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: campaignKindSchema,
  audience: audienceSchema,
  startsOn: z.string(),
  endsOn: z.string(),
  body: z.string(),
  bodyHtml: z.string(),
  file: z.object({ name: z.string(), mediaType: z.string(), size: z.number().int() }).nullable(),
  /** Runs today. */
  current: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type CampaignDto = z.infer<typeof campaignSchema>;
export const campaignListResponse = z.object({ items: z.array(campaignSchema) });
