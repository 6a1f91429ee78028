import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam, okResponse } from '../contracts/common.js';
import {
  auditExportQuery,
  auditListQuery,
  auditListResponse,
  auditVerifyResponse,
} from '../../modules/audit/contracts/audit.js';
import { accountPolicyResponse, updateAccountPolicyBody } from '../../modules/identity/contracts/settings.js';
import {
  notificationListQuery,
  notificationListResponse,
  unreadCountResponse,
} from '../../modules/identity/contracts/notifications.js';
import { healthResponse, readyResponse } from '../contracts/health.js';
import { checkDatabase } from '../db/readiness.js';
import { can } from '../../policy/index.js';
import { DEFAULT_PAGE_SIZE } from '../../kernel/pagination.js';
import { forbidden } from '../errors.js';
import { actorOf, auditAlone, type AppContext } from '../context.js';
import { requireSession } from './auth-hooks.js';
import * as audit from '../../modules/audit/services/audit-service.js';
import * as notifications from '../notifications/notification-service.js';
import { getAccountPolicy, updateAccountPolicy } from '../../modules/identity/services/settings-service.js';
import { BAOMI_VERSION } from '../version.js';

export function miscRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/health',
      { config: { auth: 'public' }, schema: { tags: ['system'], response: { 200: healthResponse } } },
      async () => ({
        status: 'ok' as const,
        database: ctx.kind,
        version: BAOMI_VERSION,
      }),
    );
    // Readiness, apart from liveness above: 503 `unavailable` (with Retry-After) while the database does not answer.
    app.get(
      '/api/ready',
      { config: { auth: 'public' }, schema: { tags: ['system'], response: { 200: readyResponse } } },
      async () => {
        await checkDatabase(ctx.db);
        return { status: 'ready' as const, database: ctx.kind };
      },
    );

    app.get(
      '/api/settings/account-policy',
      { schema: { tags: ['settings'], response: { 200: accountPolicyResponse } } },
      async (req) => {
        if (!can(actorOf(req.rc), 'settings.view')) {
          await auditAlone(ctx, req.rc, {
            action: 'settings.view',
            targetType: 'settings',
            targetId: 'account_policy',
            result: 'denied',
          });
          throw forbidden();
        }
        return getAccountPolicy(ctx);
      },
    );
    app.put(
      '/api/settings/account-policy',
      { schema: { tags: ['settings'], body: updateAccountPolicyBody, response: { 200: accountPolicyResponse } } },
      async (req) => updateAccountPolicy(ctx, req.rc, req.body),
    );

    const atags = ['audit'];
    app.get(
      '/api/audit/events',
      { schema: { tags: atags, querystring: auditListQuery, response: { 200: auditListResponse } } },
      async (req) => {
        const { page, pageSize, order, sort: _sort, ...filter } = req.query;
        return audit.listAuditEvents(ctx, req.rc, filter, page ?? 1, pageSize ?? DEFAULT_PAGE_SIZE, order ?? 'desc');
      },
    );
    app.get('/api/audit/export', { schema: { tags: atags, querystring: auditExportQuery } }, async (req, reply) => {
      const { format, ...filter } = req.query;
      const stream = await audit.exportAuditEvents(ctx, req.rc, filter, format);
      const stamp = ctx.now().toISOString().slice(0, 19).replace(/[:T]/g, '-');
      void reply
        .header(
          'content-type',
          format === 'csv'
            ? 'text/csv; charset=utf-8'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        )
        .header('content-disposition', `attachment; filename="baomi-audit-${stamp}.${format}"`);
      return reply.send(stream);
    });
    app.post('/api/audit/verify', { schema: { tags: atags, response: { 200: auditVerifyResponse } } }, async (req) =>
      audit.verifyChainAs(ctx, req.rc),
    );

    const ntags = ['notifications'];
    app.get(
      '/api/notifications',
      { schema: { tags: ntags, querystring: notificationListQuery, response: { 200: notificationListResponse } } },
      async (req) =>
        notifications.listNotifications(ctx, requireSession(req).user.id, {
          page: req.query.page ?? 1,
          pageSize: req.query.pageSize ?? DEFAULT_PAGE_SIZE,
          unread: req.query.unread === 'true',
        }),
    );
    app.get(
      '/api/notifications/unread-count',
      { schema: { tags: ntags, response: { 200: unreadCountResponse } } },
      async (req) => ({
        unread: await notifications.unreadCount(ctx, requireSession(req).user.id),
      }),
    );
    app.post(
      '/api/notifications/:id/read',
      { schema: { tags: ntags, params: idParam, response: { 200: okResponse } } },
      async (req) => {
        await notifications.markRead(ctx, requireSession(req).user.id, req.params.id);
        return { ok: true as const };
      },
    );
    app.post('/api/notifications/read-all', { schema: { tags: ntags, response: { 200: okResponse } } }, async (req) => {
      await notifications.markRead(ctx, requireSession(req).user.id, null);
      return { ok: true as const };
    });
  };
}
