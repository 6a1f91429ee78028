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
  /** The notice asks the reader to do something (a task). */
  todo: z.boolean(),
  /** When its task was decided or went, by anyone (「已处理」): no longer unread nor a to-do. */
  doneAt: z.string().nullable(),
});
export const notificationListQuery = z.strictObject({ ...pageQuery, unread: z.enum(['true', 'false']).optional() });
export const notificationListResponse = pageOf(notificationSchema);
export const unreadCountResponse = z.object({ unread: z.number().int() });
/** The reader's own selection of notices to mark read (at most a page or two of the inbox). */
export const markReadBody = z.strictObject({ ids: z.array(z.uuid()).min(1).max(200) });
