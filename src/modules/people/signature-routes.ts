import { rawBodyParser } from '../../platform/http/raw-body.js';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import type { SessionStage } from '../../kernel/account-policy.js';
import { idParam } from '../../platform/contracts/common.js';
import type { AppContext } from '../../platform/context.js';
import { requireSession } from '../../platform/http/auth-hooks.js';
import { printQuery, sendPdf } from '../../platform/print/print-service.js';
import { renderedVersionSchema } from './contracts/templates.js';
import {
  leaverBody,
  leaverListResponse,
  leaverSchema,
  myObligationsResponse,
  paperQuery,
  scanBody,
  personAgreementsResponse,
  signatureDetailSchema,
  signBody,
  signResponse,
  templateIdParam,
  userIdParam,
  withdrawBody,
} from './contracts/signatures.js';
import * as obligations from './services/obligation-service.js';
import * as signing from './services/signing-service.js';
import * as paper from './services/paper-service.js';
import * as leavers from './services/leaver-service.js';
import { printSignedCopy } from './services/signed-copy.js';

/** A scan's raw bytes, up to its limit (the service checks its type against its first bytes). */
const readScan = rawBodyParser(
  paper.SCAN_MAX_BYTES,
  `The scan is larger than ${paper.SCAN_MAX_BYTES / 1024 / 1024} MiB; scan it smaller`,
);

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
      '/api/agreements/signatures/:id/pdf',
      { config: held, schema: { tags, params: idParam, querystring: printQuery } },
      async (req, reply) => sendPdf(reply, await printSignedCopy(ctx, req.rc, req.params.id, req.query.lang)),
    );
    app.get('/api/agreements/signatures/:id/scan', { schema: { tags, params: idParam } }, async (req, reply) => {
      const scan = await paper.readScan(ctx, req.rc, req.params.id);
      void reply
        .header('content-type', scan.mediaType)
        .header('content-length', String(scan.size))
        .header('content-disposition', `inline; filename="${scan.filename}"`);
      return reply.send(scan.stream);
    });
    // A paper signature: the scan is the body (raw bytes: only this route takes a body other than strict JSON).
    await app.register(async (context) => {
      const scans = context.withTypeProvider<ZodTypeProvider>();
      scans.removeAllContentTypeParsers();
      scans.addContentTypeParser('*', readScan);
      scans.post(
        '/api/agreements/paper',
        {
          bodyLimit: paper.SCAN_MAX_BYTES,
          schema: {
            tags,
            querystring: paperQuery,
            consumes: [...paper.SCAN_MEDIA_TYPES],
            body: scanBody,
            response: { 201: signatureDetailSchema },
          },
        },
        async (req, reply) =>
          reply.code(201).send(await paper.recordPaper(ctx, req.rc, req.query, req.body, req.headers['content-type'])),
      );
    });
    app.post(
      '/api/agreements/signatures/:id/withdraw',
      { schema: { tags, params: idParam, body: withdrawBody, response: { 200: signatureDetailSchema } } },
      async (req) => paper.withdraw(ctx, req.rc, req.params.id, req.body),
    );
    app.post(
      '/api/agreements/leavers',
      { schema: { tags, body: leaverBody, response: { 201: leaverSchema } } },
      async (req, reply) => reply.code(201).send(await leavers.askLeaver(ctx, req.rc, req.body)),
    );
    app.get('/api/agreements/leavers', { schema: { tags, response: { 200: leaverListResponse } } }, async (req) =>
      leavers.listLeavers(ctx, req.rc),
    );
    app.get(
      '/api/agreements/people/:userId',
      { schema: { tags, params: userIdParam, response: { 200: personAgreementsResponse } } },
      async (req) => obligations.personAgreements(ctx, req.rc, req.params.userId),
    );
  };
}
