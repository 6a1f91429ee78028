import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '../../platform/contracts/common.js';
import type { AppContext } from '../../platform/context.js';
import {
  carrierDetailSchema,
  carryOutBody,
  carryOutReturnBody,
  extendLoanBody,
  movementParams,
  reasonBody,
  showOutsideBody,
  versionBody,
} from './contracts/carriers.js';
import { requestSubmittedResponse } from './contracts/requests.js';
import * as archive from './services/archive-service.js';
import * as carryOut from './services/carry-out-service.js';
import { cancelCarryOut } from './services/carry-out-cancel.js';
import * as extension from './services/loan-extension-service.js';
import * as showOutside from './services/show-outside-service.js';

/**
 * The movements that go through the approval engine: a submission answers 201 with the request (follow it on the
 * request page); recording what happens after an approval (a carry-out leaving, coming back) answers the carrier.
 */
export function carrierRequestRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['carriers'];
    const submission = { 201: requestSubmittedResponse };
    app.post(
      '/api/carriers/:id/carry-outs',
      { schema: { tags, params: idParam, body: carryOutBody, response: submission } },
      async (req, reply) => reply.code(201).send(await carryOut.requestCarryOut(ctx, req.rc, req.params.id, req.body)),
    );
    app.post(
      '/api/carriers/:id/carry-outs/:movementId/depart',
      { schema: { tags, params: movementParams, body: versionBody, response: { 200: carrierDetailSchema } } },
      async (req) => carryOut.departCarryOut(ctx, req.rc, req.params.id, req.params.movementId, req.body.version),
    );
    app.post(
      '/api/carriers/:id/carry-outs/:movementId/return',
      { schema: { tags, params: movementParams, body: carryOutReturnBody, response: { 200: carrierDetailSchema } } },
      async (req) => carryOut.returnCarryOut(ctx, req.rc, req.params.id, req.params.movementId, req.body),
    );
    app.post(
      '/api/carriers/:id/carry-outs/:movementId/cancel',
      { schema: { tags, params: movementParams, body: versionBody, response: { 200: carrierDetailSchema } } },
      async (req) => cancelCarryOut(ctx, req.rc, req.params.id, req.params.movementId, req.body.version),
    );
    app.post(
      '/api/carriers/:id/archive-request',
      { schema: { tags, params: idParam, body: reasonBody, response: submission } },
      async (req, reply) => reply.code(201).send(await archive.requestArchive(ctx, req.rc, req.params.id, req.body)),
    );
    app.post(
      '/api/carriers/:id/show-outside',
      { schema: { tags, params: idParam, body: showOutsideBody, response: submission } },
      async (req, reply) =>
        reply.code(201).send(await showOutside.requestShowOutside(ctx, req.rc, req.params.id, req.body)),
    );
    app.post(
      '/api/carriers/:id/loans/:movementId/extension',
      { schema: { tags, params: movementParams, body: extendLoanBody, response: submission } },
      async (req, reply) =>
        reply
          .code(201)
          .send(await extension.requestExtension(ctx, req.rc, req.params.id, req.params.movementId, req.body)),
    );
  };
}
