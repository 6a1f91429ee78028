import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  auditDictionaryResponse,
  auditExportQuery,
  auditListQuery,
  auditListResponse,
  auditVerifyQuery,
  auditVerifyResponse,
} from './contracts/audit.js';
import { DEFAULT_PAGE_SIZE } from '../../kernel/pagination.js';
import type { AppContext } from '../../platform/context.js';
import * as audit from './services/audit-service.js';
import {
  archiveEventsQuery,
  archiveEventsResponse,
  archiveSegmentParams,
  archiveSegmentsResponse,
} from './contracts/archive.js';
import { listArchiveSegments, searchArchiveSegment } from './services/archive-service.js';

/** The audit trail: list, export, verify the chain, search its archive. */
export function auditRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
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
      const { format, lang, ...filter } = req.query;
      const stream = await audit.exportAuditEvents(ctx, req.rc, filter, format, lang);
      const filename = await audit.exportFileName(ctx, format);
      void reply
        .header(
          'content-type',
          format === 'csv'
            ? 'text/csv; charset=utf-8'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        )
        .header('content-disposition', `attachment; filename="${filename}"`);
      return reply.send(stream);
    });
    app.get(
      '/api/audit/actions',
      { schema: { tags: atags, response: { 200: auditDictionaryResponse } } },
      async (req) => audit.auditDictionary(ctx, req.rc),
    );
    app.post(
      '/api/audit/verify',
      { schema: { tags: atags, querystring: auditVerifyQuery, response: { 200: auditVerifyResponse } } },
      async (req) => audit.verifyChainAs(ctx, req.rc, req.query.withArchive === 'true'),
    );
    app.get(
      '/api/audit/archive/segments',
      { schema: { tags: atags, response: { 200: archiveSegmentsResponse } } },
      async (req) => listArchiveSegments(ctx, req.rc),
    );
    app.get(
      '/api/audit/archive/segments/:id/events',
      {
        schema: {
          tags: atags,
          params: archiveSegmentParams,
          querystring: archiveEventsQuery,
          response: { 200: archiveEventsResponse },
        },
      },
      async (req) => {
        const { page, pageSize, order, sort: _sort, ...filter } = req.query;
        return searchArchiveSegment(
          ctx,
          req.rc,
          req.params.id,
          filter,
          page ?? 1,
          pageSize ?? DEFAULT_PAGE_SIZE,
          order ?? 'desc',
        );
      },
    );
  };
}
