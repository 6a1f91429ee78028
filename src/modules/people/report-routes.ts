import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.js';
import { contentTypeOf } from '../../platform/export/table-export.js';
import { reportExportQuery, reportQuery, reportResponse } from './contracts/reports.js';
import { exportReport } from './services/report-export.js';
import { agreementReport } from './services/report-service.js';
import { toSignObligations } from './services/cards.js';
import { obligationSchema } from './contracts/signatures.js';
import { z } from 'zod';

const toSignResponse = z.object({ items: z.array(obligationSchema), total: z.number().int() });

/**
 * The agreements report (per person in the reader's scope, each obligation's state), its export (CSV, XLSX), and
 * the caller's agreements to sign (the workbench card's list).
 */
export function reportRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['agreements'];
    app.get(
      '/api/agreements/report',
      { schema: { tags, querystring: reportQuery, response: { 200: reportResponse } } },
      async (req) => agreementReport(ctx, req.rc, req.query),
    );
    // The caller's agreements asking for a signature: the list the workbench card `people.to_sign` counts.
    app.get('/api/agreements/mine/to-sign', { schema: { tags, response: { 200: toSignResponse } } }, async (req) =>
      toSignObligations(ctx, req.rc),
    );
    app.get(
      '/api/agreements/report/export',
      { schema: { tags, querystring: reportExportQuery } },
      async (req, reply) => {
        const { stream, filename } = await exportReport(ctx, req.rc, req.query);
        void reply
          .header('content-type', contentTypeOf(req.query.format))
          .header('content-disposition', `attachment; filename="${filename}"`);
        return reply.send(stream);
      },
    );
  };
}
