import { z } from 'zod';
import { pageOf, pageQuery } from '../contracts/common.js';

const noticeText = z.object({ title: z.string(), body: z.string() });

export const notificationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  /** The notice rendered in each language (title: its key `notify.<name>`; body: its parameters as JSON). */
  texts: z.object({ 'zh-CN': noticeText, 'en-US': noticeText }),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export const notificationListQuery = z.strictObject({ ...pageQuery, unread: z.enum(['true', 'false']).optional() });
export const notificationListResponse = pageOf(notificationSchema);
export const unreadCountResponse = z.object({ unread: z.number().int() });
