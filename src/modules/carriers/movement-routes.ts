import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam } from '../../platform/contracts/common.js';
import type { AppContext } from '../../platform/context.js';
import {
  carrierDetailSchema,
  circulateBody,
  dispatchBody,
  lendBody,
  movementParams,
  receiptBody,
  returnBody,
  signForBody,
  transferBody,
  transmitBody,
  versionBody,
} from './contracts/carriers.js';
import * as loans from './services/loan-service.js';
import * as dispatches from './services/dispatch-service.js';
import * as circulations from './services/circulation-service.js';
import * as transfers from './services/transfer-service.js';

/**
 * The direct movements of a carrier (no approval): lend and return, dispatch with its receipt, transmit and
 * sign for, circulate and sign off, transfer. Each answers the carrier as the caller now sees it; a movement
 * that takes it out of the caller's sight (a transfer to another department, a reader's last signature)
 * answers 204.
 */
export function movementRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['carriers'];
    const created = { 201: carrierDetailSchema };
    const ok = { 200: carrierDetailSchema };
    const okOrGone = { 200: carrierDetailSchema, 204: z.null().describe('No longer visible to the caller') };

    app.post(
      '/api/carriers/:id/loans',
      { schema: { tags, params: idParam, body: lendBody, response: created } },
      async (req, reply) => reply.code(201).send(await loans.lendCarrier(ctx, req.rc, req.params.id, req.body)),
    );
    app.post(
      '/api/carriers/:id/loans/:movementId/return',
      { schema: { tags, params: movementParams, body: returnBody, response: ok } },
      async (req) => loans.returnCarrier(ctx, req.rc, req.params.id, req.params.movementId, req.body),
    );

    app.post(
      '/api/carriers/:id/dispatches',
      { schema: { tags, params: idParam, body: dispatchBody, response: created } },
      async (req, reply) =>
        reply.code(201).send(await dispatches.dispatchCarrier(ctx, req.rc, req.params.id, req.body)),
    );
    app.post(
      '/api/carriers/:id/dispatches/:movementId/receipt',
      { schema: { tags, params: movementParams, body: receiptBody, response: ok } },
      async (req) => dispatches.recordReceipt(ctx, req.rc, req.params.id, req.params.movementId, req.body),
    );
    app.post(
      '/api/carriers/:id/transmissions',
      { schema: { tags, params: idParam, body: transmitBody, response: created } },
      async (req, reply) =>
        reply.code(201).send(await dispatches.transmitCarrier(ctx, req.rc, req.params.id, req.body)),
    );
    app.post(
      '/api/carriers/:id/transmissions/:movementId/sign',
      { schema: { tags, params: movementParams, body: signForBody, response: ok } },
      async (req) => dispatches.signFor(ctx, req.rc, req.params.id, req.params.movementId, req.body),
    );

    app.post(
      '/api/carriers/:id/circulations',
      { schema: { tags, params: idParam, body: circulateBody, response: created } },
      async (req, reply) =>
        reply.code(201).send(await circulations.circulateCarrier(ctx, req.rc, req.params.id, req.body)),
    );
    app.post(
      '/api/carriers/:id/circulations/:movementId/sign',
      { schema: { tags, params: movementParams, body: versionBody, response: okOrGone } },
      async (req, reply) => {
        const detail = await circulations.signCirculation(
          ctx,
          req.rc,
          req.params.id,
          req.params.movementId,
          req.body.version,
        );
        return detail ? detail : reply.code(204).send(null);
      },
    );

    app.post(
      '/api/carriers/:id/transfer',
      { schema: { tags, params: idParam, body: transferBody, response: okOrGone } },
      async (req, reply) => {
        const detail = await transfers.transferCarrier(ctx, req.rc, req.params.id, req.body);
        return detail ? detail : reply.code(204).send(null);
      },
    );
  };
}
