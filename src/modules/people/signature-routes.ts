import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { SessionStage } from '../../kernel/account-policy.js';
import { idParam } from '../../platform/contracts/common.js';
import type { AppContext } from '../../platform/context.js';
import { requireSession } from '../../platform/http/auth-hooks.js';
import { renderedVersionSchema } from './contracts/templates.js';
import {
  myObligationsResponse,
  personAgreementsResponse,
  signatureDetailSchema,
  signBody,
  signResponse,
  templateIdParam,
  userIdParam,
} from './contracts/signatures.js';
import * as obligations from './services/obligation-service.js';
import * as signing from './services/signing-service.js';

/** The caller's agreements, signing them, signatures and a person's agreements (`/api/agreements/...`). */
export function signatureRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['agreements'];
    // What a person held on the "sign now" page needs (session stage `agreements`), and a fully signed-in one.
    const held = { auth: ['agreements', 'full'] as SessionStage[] };
    app.get(
      '/api/agreements/mine',
      { config: held, schema: { tags, response: { 200: myObligationsResponse } } },
      async (req) => obligations.myObligations(ctx, req.rc),
    );
    app.get(
      '/api/agreements/mine/:templateId/text',
      { config: held, schema: { tags, params: templateIdParam, response: { 200: renderedVersionSchema } } },
      async (req) => signing.myText(ctx, req.rc, req.params.templateId),
    );
    app.post(
      '/api/agreements/sign',
      { config: held, schema: { tags, body: signBody, response: { 201: signResponse } } },
      async (req, reply) => {
        const session = requireSession(req);
        const { signature, released } = await signing.sign(ctx, req.rc, req.body);
        const stage: SessionStage = session.stage === 'agreements' ? (released ? 'full' : 'agreements') : session.stage;
        return reply.code(201).send({ signature, stage });
      },
    );
    app.get(
      '/api/agreements/signatures/:id',
      { config: held, schema: { tags, params: idParam, response: { 200: signatureDetailSchema } } },
      async (req) => signing.getSignature(ctx, req.rc, req.params.id),
    );
    app.get(
      '/api/agreements/people/:userId',
      { schema: { tags, params: userIdParam, response: { 200: personAgreementsResponse } } },
      async (req) => obligations.personAgreements(ctx, req.rc, req.params.userId),
    );
  };
}
