import { z } from 'zod';
import { pageOf, pageQuery } from '../contracts/common.js';

export const notificationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export const notificationListQuery = z.strictObject({ ...pageQuery, unread: z.enum(['true', 'false']).optional() });
export const notificationListResponse = pageOf(notificationSchema);
export const unreadCountResponse = z.object({ unread: z.number().int() });
