import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam, okResponse } from '../contracts/common.js';
import { markReadBody, notificationListQuery, notificationListResponse, unreadCountResponse } from './contracts.js';
import { DEFAULT_PAGE_SIZE } from '../../kernel/pagination.js';
import { actorOf, type AppContext } from '../context.js';
import * as notifications from './notification-service.js';

/** Each person's own notifications (the bell): list, unread count, mark read (one, a selection, all). */
export function notificationRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const ntags = ['notifications'];
    app.get(
      '/api/notifications',
      { schema: { tags: ntags, querystring: notificationListQuery, response: { 200: notificationListResponse } } },
      async (req) =>
        notifications.listNotifications(ctx, actorOf(req.rc).id, {
          page: req.query.page ?? 1,
          pageSize: req.query.pageSize ?? DEFAULT_PAGE_SIZE,
          unread: req.query.unread === 'true',
        }),
    );
    app.get(
      '/api/notifications/unread-count',
      { schema: { tags: ntags, response: { 200: unreadCountResponse } } },
      async (req) => ({
        unread: await notifications.unreadCount(ctx, actorOf(req.rc).id),
      }),
    );
    app.post(
      '/api/notifications/:id/read',
      { schema: { tags: ntags, params: idParam, response: { 200: okResponse } } },
      async (req) => {
        await notifications.markRead(ctx, actorOf(req.rc).id, [req.params.id]);
        return { ok: true as const };
      },
    );
    app.post(
      '/api/notifications/read',
      { schema: { tags: ntags, body: markReadBody, response: { 200: okResponse } } },
      async (req) => {
        await notifications.markRead(ctx, actorOf(req.rc).id, req.body.ids);
        return { ok: true as const };
      },
    );
    app.post('/api/notifications/read-all', { schema: { tags: ntags, response: { 200: okResponse } } }, async (req) => {
      await notifications.markRead(ctx, actorOf(req.rc).id, null);
      return { ok: true as const };
    });
  };
}
