import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '../contracts/common.js';
import type { AppContext } from '../context.js';
import { printQuery, sendPdf } from '../print/print-service.js';
import { printApprovalForm } from './approval-form.js';

/** The approval form (审批表) of a request as a marked PDF, for whoever may see the request; audited. */
export function approvalPrintRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/requests/:id/print',
      { schema: { tags: ['approvals'], params: idParam, querystring: printQuery } },
      async (req, reply) => sendPdf(reply, await printApprovalForm(ctx, req.rc, req.params.id, req.query.lang)),
    );
  };
}
