import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.js';
import { contentTypeOf } from '../../platform/export/table-export.js';
import { sendPdf } from '../../platform/print/print-service.js';
import { ledgerExportQuery, ledgerPrintQuery } from './contracts/carriers.js';
import { exportLedger } from './services/ledger-export.js';
import { printLedger } from './services/ledger-print.js';

/** The ledgers on paper and in spreadsheets: the list's filters, printed (PDF) or exported (CSV, XLSX). */
export function ledgerRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['carriers'];
    app.get('/api/carriers/ledger.pdf', { schema: { tags, querystring: ledgerPrintQuery } }, async (req, reply) =>
      sendPdf(reply, await printLedger(ctx, req.rc, req.query)),
    );
    app.get('/api/carriers/export', { schema: { tags, querystring: ledgerExportQuery } }, async (req, reply) => {
      const { stream, filename } = await exportLedger(ctx, req.rc, req.query);
      void reply
        .header('content-type', contentTypeOf(req.query.format))
        .header('content-disposition', `attachment; filename="${filename}"`);
      return reply.send(stream);
    });
  };
}
